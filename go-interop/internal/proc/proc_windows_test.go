//go:build windows

package proc

import (
	"os"
	"os/exec"
	"testing"
)

// The liveness rule of LAYOUT 8 on Windows: this process is alive with a start time, a child that exited is dead
// (its exit code, while its parent holds it; no such process once reaped), and a token whose start time differs
// names a process that reused the pid: dead.
func TestShouldJudgeProcessesByOpenProcessGetProcessTimesAndGetExitCodeProcess(t *testing.T) {
	own := int64(os.Getpid())
	verdict, startTime, detail := VerdictAt(Root, own)
	if verdict != Alive || startTime <= 0 {
		t.Fatalf("this process: %v, start time %d, %s", verdict, startTime, detail)
	}
	token := Token(own)
	if TokenPid(token) != own || !TokenIsAlive(token) {
		t.Fatalf("own token %#x", token)
	}
	if reused := token ^ 1; TokenIsAlive(reused) {
		t.Fatalf("a token with another start time is alive: %#x", reused)
	}

	child := exec.Command(os.Args[0], "-test.run=^$")
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	childPid := int64(child.Process.Pid)
	childToken := Token(childPid)
	if err := child.Wait(); err != nil {
		t.Fatal(err)
	}
	if verdict, _, detail := VerdictAt(Root, childPid); verdict != Dead {
		t.Fatalf("an exited child: %v, %s", verdict, detail)
	}
	if childToken < 0 || TokenIsAlive(childToken) {
		t.Fatalf("the token of an exited child %#x is alive", childToken)
	}
	if verdict, _, _ := VerdictAt(Root, 0); verdict != Dead {
		t.Fatalf("pid 0: %v", verdict)
	}
}
