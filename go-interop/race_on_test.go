//go:build race

package ringway

// raceDetector tells whether the tests run under the race detector (go test -race), ten or more times slower.
const raceDetector = true
