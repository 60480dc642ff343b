//go:build cgo

package ctwin_test

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	ringway "github.com/ringway-io/ringway/go-interop"
	"github.com/ringway-io/ringway/go-interop/ctwin"
	"github.com/ringway-io/ringway/go-interop/internal/layout"
	"github.com/ringway-io/ringway/go-interop/internal/proc"
)

// The Go module's channel files (channelfile.go) and process verdicts (internal/proc) against ringway.h: the same files
// opened or created by both must give the same result, the same error detail, and byte-identical files.

// openResult is what opening path gave: 0 and the kind and capacity, or the error's code, detail and field.
func openResult(ch interface {
	Kind() ringway.RingKind
	Capacity() int
}, err error) (result int, message string, field string, kind ringway.RingKind, capacity int) {
	if err != nil {
		var e *ringway.Error
		if !errors.As(err, &e) {
			return -1000, err.Error(), "", 0, 0
		}
		return int(e.Code), e.Message, e.Field, 0, 0
	}
	return 0, "", "", ch.Kind(), ch.Capacity()
}

func requireSameOpen(t *testing.T, step string, path string, expectedKind ringway.RingKind, expectedCapacity int32,
	allowOtherOwner, followSymlinks bool) int {
	t.Helper()
	options := ringway.OpenOptions{ExpectedKind: expectedKind, ExpectedCapacity: int(expectedCapacity),
		AllowOtherOwner: allowOtherOwner, FollowSymlinks: followSymlinks}
	goChannel, goErr := ringway.Open(path, options)
	goResult, goMessage, goField, goKind, goCapacity := openResult(goChannel, goErr)
	if goErr == nil {
		_ = goChannel.Close()
	}
	cChannel, cErr := ctwin.Open(path, options)
	cResult, cMessage, cField, cKind, cCapacity := openResult(cChannel, cErr)
	if cErr == nil {
		cChannel.Close()
	}
	if goResult != cResult || goMessage != cMessage || goField != cField || goKind != cKind || goCapacity != cCapacity {
		t.Fatalf("%s: Go opened %d %q field=%q kind=%d capacity=%d, C opened %d %q field=%q kind=%d capacity=%d",
			step, goResult, goMessage, goField, goKind, goCapacity, cResult, cMessage, cField, cKind, cCapacity)
	}
	return goResult
}

// headerFieldsToCorrupt are the identity fields and positions LAYOUT 10.3 checks, with the values worth trying.
var headerFieldsToCorrupt = []struct {
	offset int64
	width  int
	values []int64
}{
	{layout.HeaderMagicOffset, 8, []int64{0, 1, layout.Magic + 1}},
	{layout.HeaderLayoutVersionOffset, 4, []int64{0, layout.LayoutVersion + 1, 2 << 16, 1 << 16, -1}},
	{layout.HeaderRingKindOffset, 4, []int64{0, 1, 2, 3, -1}},
	{layout.HeaderHeaderLengthOffset, 4, []int64{0, 4095, 8192}},
	{layout.HeaderCapacityOffset, 4, []int64{0, 32, 64, 96, 1024, 4096, 1 << 30, 1<<30 + 1, -64}},
	{layout.HeaderMaxMessageLengthOffset, 4, []int64{0, 8, 128, 512}},
	{layout.HeaderTrailerLengthOffset, 4, []int64{0, 767, 1024}},
	{layout.HeaderPidNamespaceOffset, 8, []int64{0, 1, 4026531836}},
	{layout.HeaderLength + 1024 + layout.TrailerHeadPositionOffset, 8, []int64{-8, 4, 8, 1024, 4096}},
	{layout.HeaderLength + 1024 + layout.TrailerTailPositionOffset, 8, []int64{-8, 4, 8, 1024, 2048, 4096}},
}

func TestShouldOpenEveryDamagedFileWithTheErrorRingwayHGives(t *testing.T) {
	seed := differentialSeed(t)
	random := rand.New(rand.NewSource(seed))
	dir := t.TempDir()
	path := filepath.Join(dir, "damaged.ringway")
	opened, refused := 0, 0
	for round := 0; round < 400; round++ {
		_ = os.Remove(path)
		kind := ringway.SPSC
		if random.Intn(2) == 1 {
			kind = ringway.MPSC
		}
		ch, err := ringway.Create(path, ringway.CreateOptions{Kind: kind, Capacity: 1024})
		if err != nil {
			t.Fatal(err)
		}
		if err := ch.Close(); err != nil {
			t.Fatal(err)
		}
		file, err := os.OpenFile(path, os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		for patches := random.Intn(3); patches >= 0; patches-- {
			field := headerFieldsToCorrupt[random.Intn(len(headerFieldsToCorrupt))]
			value := field.values[random.Intn(len(field.values))]
			bytes := make([]byte, 8)
			binary.LittleEndian.PutUint64(bytes, uint64(value))
			if _, err := file.WriteAt(bytes[:field.width], field.offset); err != nil {
				t.Fatal(err)
			}
		}
		if random.Intn(4) == 0 {
			lengths := []int64{0, 1, 4095, 4096, 4097, layout.FileLength(1024) - 1, layout.FileLength(1024) + 8, layout.FileLength(4096)}
			if err := file.Truncate(lengths[random.Intn(len(lengths))]); err != nil {
				t.Fatal(err)
			}
		}
		_ = file.Close()
		expectedKinds := []ringway.RingKind{ringway.AnyKind, ringway.AnyKind, ringway.SPSC, ringway.MPSC}
		expectedCapacities := []int32{0, 0, 1024, 2048}
		step := fmt.Sprintf("seed %d round %d", seed, round)
		if requireSameOpen(t, step, path, expectedKinds[random.Intn(4)], expectedCapacities[random.Intn(4)],
			false, false) == 0 {
			opened++
		} else {
			refused++
		}
	}
	if opened == 0 || refused == 0 {
		t.Fatalf("seed %d: opened %d, refused %d: the rounds should reach both", seed, opened, refused)
	}
}

func TestShouldRefuseWhatIsNotAChannelFileWithTheErrorRingwayHGives(t *testing.T) {
	dir := t.TempDir()
	channel := filepath.Join(dir, "real.ringway")
	ch, err := ringway.Create(channel, ringway.CreateOptions{Kind: ringway.SPSC, Capacity: 64})
	if err != nil {
		t.Fatal(err)
	}
	_ = ch.Close()
	link := filepath.Join(dir, "link.ringway")
	if err := os.Symlink(channel, link); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo.ringway")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	directory := filepath.Join(dir, "directory.ringway")
	if err := os.Mkdir(directory, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		path   string
		follow bool
	}{
		{"a symlink", link, false},
		{"a symlink followed", link, true},
		{"a FIFO", fifo, false},
		{"a directory", directory, false},
		{"a missing file", filepath.Join(dir, "missing.ringway"), false},
		{"an empty path", "", false},
		{"a path too long", "/" + strings.Repeat("x", 4096), false},
	} {
		requireSameOpen(t, c.name, c.path, ringway.AnyKind, 0, false, c.follow)
	}
	if os.Geteuid() != 0 {
		t.Log("not root: another user's file is not tried")
		return
	}
	if err := os.Chown(channel, 65534, 65534); err != nil {
		t.Fatal(err)
	}
	if requireSameOpen(t, "another user's file", channel, ringway.AnyKind, 0, false, false) != int(ringway.CodeInvalidFile) {
		t.Fatal("another user's file should be refused")
	}
	requireSameOpen(t, "another user's file allowed", channel, ringway.AnyKind, 0, true, false)
}

func createResult(err error) (int, string, string) {
	if err != nil {
		var e *ringway.Error
		if !errors.As(err, &e) {
			return -1000, err.Error(), ""
		}
		return int(e.Code), e.Message, e.Field
	}
	return 0, "", ""
}

func goCreateResult(path string, options ringway.CreateOptions) (int, string, string) {
	ch, err := ringway.Create(path, options)
	if err == nil {
		_ = ch.Close()
	}
	return createResult(err)
}

func cCreateChannel(path string, options ringway.CreateOptions) (int, string, string) {
	ch, err := ctwin.Create(path, options, 0)
	if err == nil {
		ch.Close()
	}
	return createResult(err)
}

func TestShouldCreateTheFileRingwayHCreatesAndRefuseWhatItRefuses(t *testing.T) {
	dir := t.TempDir()
	openDir := filepath.Join(dir, "open")
	if err := os.Mkdir(openDir, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(openDir, 0o777); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name    string
		prepare func(path string)
		options ringway.CreateOptions
	}{
		{"an ringway.SPSC channel", nil, ringway.CreateOptions{Kind: ringway.SPSC, Capacity: 4096, SchemaID: 7, SchemaVersion: 3}},
		{"an ringway.MPSC channel of mode 0640", nil, ringway.CreateOptions{Kind: ringway.MPSC, Capacity: 64, FileMode: 0o640}},
		{"an invalid kind", nil, ringway.CreateOptions{Kind: 3, Capacity: 64}},
		{"an invalid capacity", nil, ringway.CreateOptions{Kind: ringway.SPSC, Capacity: 96}},
		{"over an existing file", func(path string) { _ = os.WriteFile(path, []byte("x"), 0o600) },
			ringway.CreateOptions{Kind: ringway.SPSC, Capacity: 64}},
		{"replacing an existing file", func(path string) { _ = os.WriteFile(path, []byte("x"), 0o600) },
			ringway.CreateOptions{Kind: ringway.SPSC, Capacity: 64, ReplaceExisting: true}},
		{"over a symlink", func(path string) { _ = os.Symlink(filepath.Join(dir, "nowhere"), path) },
			ringway.CreateOptions{Kind: ringway.SPSC, Capacity: 64}},
		{"replacing a symlink", func(path string) { _ = os.Symlink(filepath.Join(dir, "nowhere"), path) },
			ringway.CreateOptions{Kind: ringway.SPSC, Capacity: 64, ReplaceExisting: true}},
		{"replacing a directory", func(path string) { _ = os.Mkdir(path, 0o700) },
			ringway.CreateOptions{Kind: ringway.SPSC, Capacity: 64, ReplaceExisting: true}},
	} {
		goPath := filepath.Join(dir, "go.ringway")
		cPath := filepath.Join(dir, "c.ringway")
		for _, path := range []string{goPath, cPath} {
			_ = os.Remove(path)
			if c.prepare != nil {
				c.prepare(path)
			}
		}
		goResult, goMessage, goField := goCreateResult(goPath, c.options)
		cResult, cMessage, cField := cCreateChannel(cPath, c.options)
		goMessage = strings.ReplaceAll(goMessage, goPath, "<path>")
		cMessage = strings.ReplaceAll(cMessage, cPath, "<path>")
		if goResult != cResult || goMessage != cMessage || goField != cField {
			t.Fatalf("%s: Go created %d %q field=%q, C created %d %q field=%q", c.name, goResult, goMessage, goField,
				cResult, cMessage, cField)
		}
		if goResult == 0 {
			requireSameCreatedFile(t, c.name, goPath, cPath)
		}
		_ = os.RemoveAll(goPath)
		_ = os.RemoveAll(cPath)
	}
	goResult, goMessage, _ := goCreateResult(filepath.Join(openDir, "c.ringway"), ringway.CreateOptions{Kind: ringway.SPSC, Capacity: 64})
	cResult, cMessage, _ := cCreateChannel(filepath.Join(openDir, "c.ringway"), ringway.CreateOptions{Kind: ringway.SPSC, Capacity: 64})
	if goResult != cResult || goMessage != cMessage || goResult != int(ringway.CodeInvalidArgument) {
		t.Fatalf("a directory everyone can write: Go %d %q, C %d %q", goResult, goMessage, cResult, cMessage)
	}
}

// requireSameCreatedFile checks two new files byte by byte, but for the creation time, and their permission bits.
func requireSameCreatedFile(t *testing.T, step, goPath, cPath string) {
	t.Helper()
	goBytes, err := os.ReadFile(goPath)
	if err != nil {
		t.Fatal(err)
	}
	cBytes, err := os.ReadFile(cPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, bytes := range [][]byte{goBytes, cBytes} {
		if len(bytes) >= layout.HeaderLength {
			copy(bytes[layout.HeaderCreationTimeMsOffset:layout.HeaderCreationTimeMsOffset+8], make([]byte, 8))
			copy(bytes[layout.HeaderChannelIDOffset:layout.HeaderChannelIDOffset+8], make([]byte, 8))
		}
	}
	if string(goBytes) != string(cBytes) {
		t.Fatalf("%s: the Go file (%d bytes) differs from the C file (%d bytes)", step, len(goBytes), len(cBytes))
	}
	goInfo, _ := os.Stat(goPath)
	cInfo, _ := os.Stat(cPath)
	if goInfo.Mode() != cInfo.Mode() {
		t.Fatalf("%s: Go mode %v, C mode %v", step, goInfo.Mode(), cInfo.Mode())
	}
}

// writeFakeProcess lays out <root>/<pid>/stat and task/<tid>/stat as the kernel does.
func writeFakeProcess(t *testing.T, root string, pid int, stat string, threads map[string]string) {
	t.Helper()
	dir := filepath.Join(root, fmt.Sprint(pid))
	if err := os.MkdirAll(filepath.Join(dir, "task"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "stat"), []byte(stat), 0o644); err != nil {
		t.Fatal(err)
	}
	for tid, threadStat := range threads {
		if err := os.MkdirAll(filepath.Join(dir, "task", tid), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "task", tid, "stat"), []byte(threadStat), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func fakeStat(pid int, name string, state byte, startTime int64) string {
	fields := make([]string, 0, 50)
	fields = append(fields, fmt.Sprint(pid), "("+name+")", string(state))
	for field := 4; field < 22; field++ {
		fields = append(fields, "0")
	}
	fields = append(fields, fmt.Sprint(startTime), "123", "456")
	return strings.Join(fields, " ") + "\n"
}

func TestShouldJudgeEveryProcessAsRingwayHDoes(t *testing.T) {
	root := t.TempDir()
	writeFakeProcess(t, root, 100, fakeStat(100, "java", 'S', 5000), nil)
	writeFakeProcess(t, root, 101, fakeStat(101, "a) b) (c", 'R', 6000), nil)
	writeFakeProcess(t, root, 102, fakeStat(102, "zombie", 'Z', 7000),
		map[string]string{"102": fakeStat(102, "zombie", 'Z', 7000), "103": fakeStat(103, "worker", 'S', 7001)})
	writeFakeProcess(t, root, 104, fakeStat(104, "gone", 'Z', 8000),
		map[string]string{"104": fakeStat(104, "gone", 'X', 8000), "105": fakeStat(105, "gone", 'Z', 8000)})
	writeFakeProcess(t, root, 106, "106 (short) S 1 2 3\n", nil)
	writeFakeProcess(t, root, 107, "107 no-parenthesis S 1 2 3\n", nil)
	writeFakeProcess(t, root, 108, fakeStat(108, "no tasks", 'Z', 9000), nil)
	if err := os.RemoveAll(filepath.Join(root, "108", "task")); err != nil {
		t.Fatal(err)
	}
	writeFakeProcess(t, root, 109, fakeStat(109, "bad thread", 'Z', 9100),
		map[string]string{"110": "garbage"})
	for _, pid := range []int64{100, 101, 102, 104, 106, 107, 108, 109, 111, 0, -1, 1 << 40} {
		for _, startTime := range []int64{5000, 6000, 7000, 8000, 9000, 9100, 1} {
			token := int64(uint64(pid)<<32 | uint64(startTime)&0xFFFFFFFF)
			verdict, start, detail := proc.VerdictAt(root, pid)
			tokenVerdict, tokenDetail := proc.TokenVerdictAt(root, token)
			cVerdict, cStart, cDetail, cTokenVerdict, cTokenDetail := ctwin.ProcessVerdict(root, pid, token)
			if int(verdict) != cVerdict || start != cStart || detail != cDetail || int(tokenVerdict) != cTokenVerdict ||
				tokenDetail != cTokenDetail {
				t.Fatalf("pid %d token start %d: Go %d %d %q token %d %q, C %d %d %q token %d %q", pid, startTime,
					verdict, start, detail, tokenVerdict, tokenDetail, cVerdict, cStart, cDetail, cTokenVerdict,
					cTokenDetail)
			}
		}
	}
	if verdict, _, _ := proc.VerdictAt(root, 102); verdict != proc.Alive {
		t.Fatal("a process whose main thread exited while another thread runs should be alive")
	}
	if verdict, _, _ := proc.VerdictAt(root, 104); verdict != proc.Dead {
		t.Fatal("a process whose every thread exited should be dead")
	}
	if token := proc.Token(int64(os.Getpid())); proc.TokenPid(token) != int64(os.Getpid()) || !proc.TokenIsAlive(token) {
		t.Fatalf("this process's token %x should name it and be alive", token)
	}
}
