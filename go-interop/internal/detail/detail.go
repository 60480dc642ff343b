// Package detail splits the one-line error detail that ringway.h, Java and Go write alike:
// "<reason>: file=<file> field=<field> found=<found> expected=<expected>".
package detail

import "strings"

// Split returns the parts of a detail line. The field is known separately, which anchors the split even when the
// file name contains spaces. ok is false when the line does not have that shape.
func Split(message, field string) (reason, file, found, expected string, ok bool) {
	fileAt := strings.Index(message, ": file=")
	fieldAt := strings.LastIndex(message, " field="+field+" found=")
	expectedAt := strings.LastIndex(message, " expected=")
	if fileAt < 0 || fieldAt < fileAt || expectedAt < fieldAt {
		return "", "", "", "", false
	}
	return message[:fileAt], message[fileAt+len(": file=") : fieldAt],
		message[fieldAt+len(" field="+field+" found=") : expectedAt], message[expectedAt+len(" expected="):], true
}
