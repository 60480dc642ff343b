package ringway

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
)

// The pure-Go channel file (channelfile.go) and process verdicts (process.go) against ringway.h: the same files
// opened or created by both must give the same result, the same error detail, and byte-identical files.

func goOpenResult(path string, expectedKind RingKind, expectedCapacity int32, allowOtherOwner, followSymlinks bool) (
	result int, message string, field string, kind RingKind, capacity int32) {
	f, err := openFile(path, expectedKind, expectedCapacity, allowOtherOwner, followSymlinks)
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			return -1000, err.Error(), "", 0, 0
		}
		return int(e.Code), e.Message, e.Field, 0, 0
	}
	kind, capacity = f.kind, f.capacity
	if err := f.close(); err != nil {
		return -1001, err.Error(), "", 0, 0
	}
	return 0, "", "", kind, capacity
}

func requireSameOpen(t *testing.T, step string, path string, expectedKind RingKind, expectedCapacity int32,
	allowOtherOwner, followSymlinks bool) int {
	t.Helper()
	goResult, goMessage, goField, goKind, goCapacity := goOpenResult(path, expectedKind, expectedCapacity,
		allowOtherOwner, followSymlinks)
	cResult, cMessage, cField, cKind, cCapacity := cOpenChannel(path, expectedKind, expectedCapacity,
		allowOtherOwner, followSymlinks)
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
	{HeaderMagicOffset, 8, []int64{0, 1, Magic + 1}},
	{HeaderLayoutVersionOffset, 4, []int64{0, LayoutVersion + 1, 2 << 16, 1 << 16, -1}},
	{HeaderRingKindOffset, 4, []int64{0, 1, 2, 3, -1}},
	{HeaderHeaderLengthOffset, 4, []int64{0, 4095, 8192}},
	{HeaderCapacityOffset, 4, []int64{0, 32, 64, 96, 1024, 4096, 1 << 30, 1<<30 + 1, -64}},
	{HeaderMaxMessageLengthOffset, 4, []int64{0, 8, 128, 512}},
	{HeaderTrailerLengthOffset, 4, []int64{0, 767, 1024}},
	{HeaderLength + 1024 + TrailerHeadPositionOffset, 8, []int64{-8, 4, 8, 1024, 4096}},
	{HeaderLength + 1024 + TrailerTailPositionOffset, 8, []int64{-8, 4, 8, 1024, 2048, 4096}},
}

func TestShouldOpenEveryDamagedFileWithTheErrorRingwayHGives(t *testing.T) {
	seed := differentialSeed(t)
	random := rand.New(rand.NewSource(seed))
	dir := t.TempDir()
	path := filepath.Join(dir, "damaged.ringway")
	opened, refused := 0, 0
	for round := 0; round < 400; round++ {
		_ = os.Remove(path)
		kind := SPSC
		if random.Intn(2) == 1 {
			kind = MPSC
		}
		ch, err := Create(path, CreateOptions{Kind: kind, Capacity: 1024})
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
			lengths := []int64{0, 1, 4095, 4096, 4097, FileLength(1024) - 1, FileLength(1024) + 8, FileLength(4096)}
			if err := file.Truncate(lengths[random.Intn(len(lengths))]); err != nil {
				t.Fatal(err)
			}
		}
		_ = file.Close()
		expectedKinds := []RingKind{AnyKind, AnyKind, SPSC, MPSC}
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
	ch, err := Create(channel, CreateOptions{Kind: SPSC, Capacity: 64})
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
		{"a path too long", "/" + strings.Repeat("x", pathMaxLength), false},
	} {
		requireSameOpen(t, c.name, c.path, AnyKind, 0, false, c.follow)
	}
	if os.Geteuid() != 0 {
		t.Log("not root: another user's file is not tried")
		return
	}
	if err := os.Chown(channel, 65534, 65534); err != nil {
		t.Fatal(err)
	}
	if requireSameOpen(t, "another user's file", channel, AnyKind, 0, false, false) != int(CodeInvalidFile) {
		t.Fatal("another user's file should be refused")
	}
	requireSameOpen(t, "another user's file allowed", channel, AnyKind, 0, true, false)
}

func goCreateResult(path string, options CreateOptions) (int, string, string) {
	f, err := createFile(path, options.Kind, int32(options.Capacity), uint32(options.FileMode.Perm()),
		options.SchemaID, options.SchemaVersion, options.ReplaceExisting)
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			return -1000, err.Error(), ""
		}
		return int(e.Code), e.Message, e.Field
	}
	if err := f.close(); err != nil {
		return -1001, err.Error(), ""
	}
	return 0, "", ""
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
		options CreateOptions
	}{
		{"an SPSC channel", nil, CreateOptions{Kind: SPSC, Capacity: 4096, SchemaID: 7, SchemaVersion: 3}},
		{"an MPSC channel of mode 0640", nil, CreateOptions{Kind: MPSC, Capacity: 64, FileMode: 0o640}},
		{"an invalid kind", nil, CreateOptions{Kind: 3, Capacity: 64}},
		{"an invalid capacity", nil, CreateOptions{Kind: SPSC, Capacity: 96}},
		{"over an existing file", func(path string) { _ = os.WriteFile(path, []byte("x"), 0o600) },
			CreateOptions{Kind: SPSC, Capacity: 64}},
		{"replacing an existing file", func(path string) { _ = os.WriteFile(path, []byte("x"), 0o600) },
			CreateOptions{Kind: SPSC, Capacity: 64, ReplaceExisting: true}},
		{"over a symlink", func(path string) { _ = os.Symlink(filepath.Join(dir, "nowhere"), path) },
			CreateOptions{Kind: SPSC, Capacity: 64}},
		{"replacing a symlink", func(path string) { _ = os.Symlink(filepath.Join(dir, "nowhere"), path) },
			CreateOptions{Kind: SPSC, Capacity: 64, ReplaceExisting: true}},
		{"replacing a directory", func(path string) { _ = os.Mkdir(path, 0o700) },
			CreateOptions{Kind: SPSC, Capacity: 64, ReplaceExisting: true}},
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
	goResult, goMessage, _ := goCreateResult(filepath.Join(openDir, "c.ringway"), CreateOptions{Kind: SPSC, Capacity: 64})
	cResult, cMessage, _ := cCreateChannel(filepath.Join(openDir, "c.ringway"), CreateOptions{Kind: SPSC, Capacity: 64})
	if goResult != cResult || goMessage != cMessage || goResult != int(CodeInvalidArgument) {
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
		if len(bytes) >= HeaderLength {
			copy(bytes[HeaderCreationTimeMsOffset:HeaderCreationTimeMsOffset+8], make([]byte, 8))
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
			verdict, start, detail := processVerdictAt(root, pid)
			tokenVerdict, tokenDetail := tokenVerdictAt(root, token)
			cVerdict, cStart, cDetail, cTokenVerdict, cTokenDetail := cProcessVerdict(root, pid, token)
			if verdict != cVerdict || start != cStart || detail != cDetail || tokenVerdict != cTokenVerdict ||
				tokenDetail != cTokenDetail {
				t.Fatalf("pid %d token start %d: Go %d %d %q token %d %q, C %d %d %q token %d %q", pid, startTime,
					verdict, start, detail, tokenVerdict, tokenDetail, cVerdict, cStart, cDetail, cTokenVerdict,
					cTokenDetail)
			}
		}
	}
	if verdict, _, _ := processVerdictAt(root, 102); verdict != processAlive {
		t.Fatal("a process whose main thread exited while another thread runs should be alive")
	}
	if verdict, _, _ := processVerdictAt(root, 104); verdict != processDead {
		t.Fatal("a process whose every thread exited should be dead")
	}
	if token := processToken(int64(os.Getpid())); tokenPid(token) != int64(os.Getpid()) || !tokenIsAlive(token) {
		t.Fatalf("this process's token %x should name it and be alive", token)
	}
}
