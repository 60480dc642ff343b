// Command journal_reader reads a Ringway journal (docs/LAYOUT.md section 14) with the Go reader and prints what it
// read, line for line as c-interop's ringway_journal_reader does; the Java cross-language tests run both on journals
// that Java's JournalWriter wrote.
//
// Usage: journal_reader <dir> [--seek-index N | --seek-time NS | --seek-end] [--count N] [--follow]
// [--timeout-ms MS] [--quiet] [--ready-file PATH]
//
//	--count N       stop after N records (default: all committed records, then stop at the tail)
//	--follow        at the tail, keep polling until --count records were read or --timeout-ms passed (default 30000)
//	--wait          with --follow: park at the tail (PollWaitTimeout, blocking strategy) instead of polling, and after
//	                the summary print "waits parks=<n> parkTimeouts=<parks that ended by timeout>"
//	--quiet         print only the summary line
//	--ready-file    create this file once the journal is open and positioned (tests wait for it before appending)
//
// Output, one line per record, then a summary:
//
//	record index=<i> timestampNs=<t> typeId=<id> length=<body bytes> fnv=<FNV-1a 64 of the body, 16 hex digits>
//	summary count=<n> first=<index or -1> last=<index or -1> checksum=<FNV-1a 64 of all bodies in order, 16 hex>
//
// On an error: "error code=<code> field=<field> <detail>" and exit status 2; a follow that timed out: exit status 3.
package main

import (
	"bufio"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"os"
	"strconv"
	"time"

	ringway "github.com/ringway-io/ringway/go-interop"
)

const fnvOffsetBasis = 0xcbf29ce484222325
const fnvPrime = 0x100000001b3

func fnv1a(hash uint64, body []byte) uint64 {
	for _, b := range body {
		hash = (hash ^ uint64(b)) * fnvPrime
	}
	return hash
}

func usage() {
	fmt.Fprintf(os.Stderr, "usage: %s <dir> [--seek-index N | --seek-time NS | --seek-end] [--count N] [--follow] "+
		"[--wait] [--timeout-ms MS] [--quiet] [--ready-file PATH]\n", os.Args[0])
	os.Exit(1)
}

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	dir := os.Args[1]
	seek, readyFile := "", ""
	var seekValue int64
	count := int64(math.MaxInt64)
	follow, quiet, wait := false, false, false
	timeout := 30 * time.Second
	number := func(i int) int64 {
		if i >= len(os.Args) {
			usage()
		}
		value, err := strconv.ParseInt(os.Args[i], 10, 64)
		if err != nil {
			usage()
		}
		return value
	}
	for i := 2; i < len(os.Args); i++ {
		switch os.Args[i] {
		case "--seek-index", "--seek-time":
			seek = os.Args[i]
			i++
			seekValue = number(i)
		case "--seek-end":
			seek = os.Args[i]
		case "--count":
			i++
			count = number(i)
		case "--timeout-ms":
			i++
			timeout = time.Duration(number(i)) * time.Millisecond
		case "--ready-file":
			i++
			if i >= len(os.Args) {
				usage()
			}
			readyFile = os.Args[i]
		case "--follow":
			follow = true
		case "--wait":
			wait = true
		case "--quiet":
			quiet = true
		default:
			usage()
		}
	}
	os.Exit(run(dir, seek, seekValue, count, follow, quiet, wait, timeout, readyFile))
}

func run(dir, seek string, seekValue, count int64, follow, quiet, wait bool, timeout time.Duration,
	readyFile string) int {
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	fail := func(err error) int {
		var detail *ringway.Error
		if errors.As(err, &detail) {
			fmt.Fprintf(out, "error code=%d field=%s %s\n", detail.Code, detail.Field, detail.Message)
		} else {
			fmt.Fprintf(out, "error code=? field=? %v\n", err)
		}
		return 2
	}
	reader, err := ringway.OpenJournal(dir)
	if err != nil {
		return fail(err)
	}
	defer reader.Close()
	reader.SetWaitStrategy(ringway.WaitBlocking())
	switch seek {
	case "--seek-index":
		err = reader.SeekIndex(seekValue)
	case "--seek-time":
		err = reader.SeekTime(seekValue)
	case "--seek-end":
		err = reader.SeekEnd()
	}
	if err != nil {
		return fail(err)
	}
	if readyFile != "" {
		if err := os.WriteFile(readyFile, nil, 0o600); err != nil {
			return fail(err)
		}
	}
	var read int64
	first, last := int64(-1), int64(-1)
	checksum := uint64(fnvOffsetBasis)
	handler := func(index, timestampNs int64, typeID int32, body []byte) {
		if read == 0 {
			first = index
		}
		last = index
		read++
		checksum = fnv1a(checksum, body)
		if !quiet {
			hash := fnv.New64a()
			hash.Write(body)
			fmt.Fprintf(out, "record index=%d timestampNs=%d typeId=%d length=%d fnv=%016x\n", index, timestampNs,
				typeID, len(body), hash.Sum64())
		}
	}
	deadline := time.Now().Add(timeout)
	timedOut := false
	for read < count {
		var n int
		if follow && wait {
			n, err = reader.PollWaitTimeout(handler, int(min(count-read, 1024)), max(time.Until(deadline), 0))
		} else {
			n, err = reader.Poll(handler, int(min(count-read, 1024)))
		}
		if err != nil {
			return fail(err)
		}
		if n == 0 {
			if !follow {
				break
			}
			if time.Now().After(deadline) {
				timedOut = true
				break
			}
			if !wait {
				time.Sleep(100 * time.Microsecond)
			}
		}
	}
	fmt.Fprintf(out, "summary count=%d first=%d last=%d checksum=%016x\n", read, first, last, checksum)
	if wait {
		fmt.Fprintf(out, "waits parks=%d parkTimeouts=%d\n", reader.ParkCount(), reader.ParkTimeoutCount())
	}
	if timedOut {
		return 3
	}
	return 0
}
