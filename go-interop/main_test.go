package ringway

import (
	"os"
	"testing"
)

// childRoles are the roles in which the test binary runs as a child process of a multi-process test (the test
// binary started again, os.Args[0]): the name of the environment variable that selects the role, and the function
// that plays it with the variable's value, returning the exit code. Test files register theirs in init.
var childRoles = map[string]func(value string) int{}

func TestMain(m *testing.M) {
	for variable, play := range childRoles {
		if value := os.Getenv(variable); value != "" {
			os.Exit(play(value))
		}
	}
	os.Exit(m.Run())
}
