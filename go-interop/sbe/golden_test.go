package sbeinterop

import (
	"bytes"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func goldenDir(t *testing.T) string {
	dir := filepath.Join("..", "..", "schemas", "golden")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("schemas/golden not found: not in the Ringway repository")
	}
	return dir
}

func TestEveryGoldenVectorShouldHaveAGoEncoder(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(goldenDir(t), "*.bin"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(GoldenVectors) {
		t.Fatalf("%d vectors in schemas/golden, %d Go encoders", len(files), len(GoldenVectors))
	}
	for _, file := range files {
		if _, ok := GoldenVectors[strings.TrimSuffix(filepath.Base(file), ".bin")]; !ok {
			t.Errorf("no Go encoder for %s", file)
		}
	}
}

func TestGoShouldEncodeEveryGoldenVectorByteForByte(t *testing.T) {
	dir := goldenDir(t)
	for name, encode := range GoldenVectors {
		t.Run(name, func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(dir, name+".bin"))
			if err != nil {
				t.Fatal(err)
			}
			got, err := encode()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("Go encoding differs from %s.bin\n got: %s\nwant: %s", name, hex.EncodeToString(got),
					hex.EncodeToString(want))
			}
		})
	}
}

// Decoding with the version-2 codec: a version-1 vector reads as its listing plus null for the version-2 field
// (schemas/golden/README.md, Versions).
func TestGoShouldDecodeEveryGoldenVectorToItsListing(t *testing.T) {
	dir := goldenDir(t)
	for name := range GoldenVectors {
		t.Run(name, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join(dir, name+".bin"))
			if err != nil {
				t.Fatal(err)
			}
			want := readListing(t, filepath.Join(dir, name+".txt"))
			typeID := int32(body[2]) | int32(body[3])<<8
			got, err := Decode(typeID, body)
			if err != nil {
				t.Fatal(err)
			}
			gotLines := map[string]bool{}
			for _, line := range got {
				gotLines[line] = true
			}
			for _, line := range want {
				if !gotLines[line] {
					t.Errorf("missing %q; Go decoded:\n%s", line, got)
				}
			}
			if extra := len(got) - len(want); extra != 0 {
				if name != "new-order-limit-v1" || extra != 1 || !gotLines["selfMatchPreventionId = null"] {
					t.Errorf("Go listing has %d lines, %s.txt %d:\n%s", len(got), name, len(want), got)
				}
			}
		})
	}
}

func readListing(t *testing.T, path string) []string {
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, line := range strings.Split(string(text), "\n") {
		if line != "" && !strings.HasPrefix(line, "#") {
			lines = append(lines, line)
		}
	}
	return lines
}

func TestShouldRefuseAMessageOfAnotherSchemaNamingBothIDs(t *testing.T) {
	body, err := LimitOrderV2()
	if err != nil {
		t.Fatal(err)
	}
	body[4], body[5] = 0xD2, 0x07 // schemaId 2002
	if _, err := Decode(2, body); err == nil || !strings.Contains(err.Error(), "found=2002 expected=1001") {
		t.Fatalf("error %v", err)
	}
}

func TestShouldRefuseATemplateIDThatIsNotTheRecordTypeID(t *testing.T) {
	body, err := LimitOrderV2()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Decode(3, body); err == nil || !strings.Contains(err.Error(), "field=templateId found=2 expected=3") {
		t.Fatalf("error %v", err)
	}
}
