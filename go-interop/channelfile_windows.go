//go:build windows

package ringway

import (
	"fmt"
	"os"
	"sync"
	"unsafe"

	"golang.org/x/sys/windows"

	"github.com/ringway-io/ringway/go-interop/internal/layout"
)

// The channel file on Windows (docs/PORTING.md, LAYOUT 10): CreateFileW with every share mode (read, write and
// delete, so that peers open it and Delete works while it is open), an owner-only DACL at create in place of mode 0600,
// the length set with SetEndOfFile before mapping, CreateFileMappingW + MapViewOfFile, and the open validation of
// LAYOUT 10.3 with the same error words as Linux. A file mapped by any process cannot be truncated (SetEndOfFile fails
// with ERROR_USER_MAPPED_FILE), so checkLength guards against what Linux's 11.1 describes without ever firing.

// platformFile is the open file of a channelFile: its handle (kept for the length checks) and the view's address.
type platformFile struct {
	handle windows.Handle
}

const shareAll = windows.FILE_SHARE_READ | windows.FILE_SHARE_WRITE | windows.FILE_SHARE_DELETE

// describeWindowsError is describeErrno of Windows: "ERROR_DISK_FULL (<text>)", or "error <n> (<text>)".
func describeWindowsError(err error) string {
	errno, ok := err.(windows.Errno)
	if !ok {
		return err.Error()
	}
	switch errno {
	case windows.ERROR_DISK_FULL:
		return fmt.Sprintf("ERROR_DISK_FULL (%s)", errno.Error())
	case windows.ERROR_HANDLE_DISK_FULL:
		return fmt.Sprintf("ERROR_HANDLE_DISK_FULL (%s)", errno.Error())
	}
	return fmt.Sprintf("error %d (%s)", uint32(errno), errno.Error())
}

// currentUserSID is the SID of the user this process runs as (its token's user): the one user a channel file's DACL
// grants access to at create, and the owner open expects.
var currentUserSID = sync.OnceValues(func() (*windows.SID, error) {
	user, err := windows.GetCurrentProcessToken().GetTokenUser()
	if err != nil {
		return nil, err
	}
	return user.User.Sid.Copy()
})

// ownerOnlyAttributes is the security of a new channel file (LAYOUT 10.2 step 1 on Windows): owned by the creating
// user, with a protected DACL (P: nothing inherited from the directory) that grants that user full access (FA) and
// nobody else anything.
func ownerOnlyAttributes() (*windows.SecurityAttributes, error) {
	sid, err := currentUserSID()
	if err != nil {
		return nil, err
	}
	descriptor, err := windows.SecurityDescriptorFromString(fmt.Sprintf("O:%sD:P(A;;FA;;;%s)", sid, sid))
	if err != nil {
		return nil, err
	}
	return &windows.SecurityAttributes{Length: uint32(unsafe.Sizeof(windows.SecurityAttributes{})),
		SecurityDescriptor: descriptor}, nil
}

// mapView maps [0, length) of the open file read-write and shared: a file mapping object, a view of it, and the
// mapping handle closed again (the view keeps the section alive until UnmapViewOfFile).
func mapView(handle windows.Handle, length int64) ([]byte, error) {
	mapping, err := windows.CreateFileMapping(handle, nil, windows.PAGE_READWRITE, 0, 0, nil)
	if err != nil {
		return nil, fmt.Errorf("CreateFileMappingW: %w", err)
	}
	defer windows.CloseHandle(mapping)
	address, err := windows.MapViewOfFile(mapping, windows.FILE_MAP_READ|windows.FILE_MAP_WRITE, 0, 0, uintptr(length))
	if err != nil {
		return nil, fmt.Errorf("MapViewOfFile: %w", err)
	}
	// the view is memory outside Go's heap, at an address the system chose: convert without go vet's uintptr rule,
	// which is about Go pointers the garbage collector might move
	view := *(*unsafe.Pointer)(unsafe.Pointer(&address))
	return unsafe.Slice((*byte)(view), int(length)), nil
}

func unmapView(mapped []byte) error {
	return windows.UnmapViewOfFile(uintptr(unsafe.Pointer(unsafe.SliceData(mapped))))
}

// fileLengthOf is the length of the open file (GetFileInformationByHandle), with its attributes.
func fileLengthOf(handle windows.Handle) (int64, uint32, error) {
	var information windows.ByHandleFileInformation
	if err := windows.GetFileInformationByHandle(handle, &information); err != nil {
		return -1, 0, err
	}
	return int64(information.FileSizeHigh)<<32 | int64(information.FileSizeLow), information.FileAttributes, nil
}

// createFile is ringway_channel_create (LAYOUT 10.2) on Windows: it makes the file exclusively (CREATE_NEW, which
// also refuses a symlink at the path) with an owner-only DACL, sets its length, maps it and writes the header,
// layoutVersion last. On failure the file is removed again.
func createFile(path string, kind RingKind, capacity int32, fileMode uint32, schemaID, schemaVersion int32,
	replaceExisting bool) (*channelFile, error) {
	if err := checkCreateArguments(path, kind, capacity); err != nil {
		return nil, err
	}
	if fileMode&0o077 != 0 {
		return nil, fileError(CodeInvalidArgument, path, "fileMode",
			"permissions for other users are not supported on windows", fmt.Sprintf("%o", fileMode),
			"0 or 0600 (a DACL that grants the creating user alone)")
	}
	fileLength := layout.FileLength(int(capacity))
	path16, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return nil, fileError(CodeInvalidArgument, path, "file", "invalid channel file path", err.Error(), "a path")
	}
	if replaceExisting {
		if attributes, err := windows.GetFileAttributes(path16); err == nil {
			if attributes&(windows.FILE_ATTRIBUTE_REPARSE_POINT|windows.FILE_ATTRIBUTE_DIRECTORY) != 0 {
				found := "not a regular file"
				if attributes&windows.FILE_ATTRIBUTE_REPARSE_POINT != 0 {
					found = "symlink"
				}
				return nil, fileError(CodeFileExists, path, "file", "will not replace what is not a regular file",
					found, "a regular file or nothing")
			}
			if err := windows.DeleteFile(path16); err != nil && err != windows.ERROR_FILE_NOT_FOUND {
				return nil, fileError(CodeIO, path, "file", "cannot replace existing channel file",
					"DeleteFileW: "+err.Error(), "deleted")
			}
		}
	}
	attributes, err := ownerOnlyAttributes()
	if err != nil {
		return nil, fileError(CodeIO, path, "file", "cannot create channel file",
			"owner-only security descriptor: "+err.Error(), "created")
	}
	handle, err := windows.CreateFile(path16, windows.GENERIC_READ|windows.GENERIC_WRITE, shareAll, attributes,
		windows.CREATE_NEW, windows.FILE_ATTRIBUTE_TEMPORARY, 0)
	if err != nil {
		if err == windows.ERROR_FILE_EXISTS || err == windows.ERROR_ALREADY_EXISTS {
			return nil, fileError(CodeFileExists, path, "file", "channel file already exists", "exists",
				"absent (create never overwrites)")
		}
		return nil, fileError(CodeIO, path, "file", "cannot create channel file", "CreateFileW: "+err.Error(), "created")
	}
	fail := func(failure error) (*channelFile, error) {
		_ = windows.CloseHandle(handle)
		_ = windows.DeleteFile(path16)
		return nil, failure
	}
	// LAYOUT 10.2 step 2: the whole length now (NTFS allocates it, not sparse), so that a full disk is this error
	_, err = windows.Seek(handle, fileLength, 0)
	if err == nil {
		err = windows.SetEndOfFile(handle)
	}
	if err != nil {
		return fail(reservationError(path, describeWindowsError(err), fileLength, capacity, "volume"))
	}
	mapped, err := mapView(handle, fileLength)
	if err != nil {
		return fail(fileError(CodeIO, path, "fileLength", "cannot map channel file", err.Error(), fmt.Sprint(fileLength)))
	}
	f := &channelFile{path: path, platformFile: platformFile{handle: handle}, mapped: mapped}
	f.writeHeader(kind, capacity, schemaID, schemaVersion)
	return f, nil
}

// openFile is ringway_channel_open (LAYOUT 10.3) on Windows: it opens the file (a symlink or junction is refused
// unless followed), checks its type and owner on the handle, maps it and validates the header in the order of that
// section, and never writes to the file.
func openFile(path string, expectedKind RingKind, expectedCapacity int32, allowOtherOwner, followSymlinks bool) (
	*channelFile, error) {
	if err := checkPath(path); err != nil {
		return nil, err
	}
	path16, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return nil, fileError(CodeInvalidArgument, path, "file", "invalid channel file path", err.Error(), "a path")
	}
	flags := uint32(windows.FILE_ATTRIBUTE_NORMAL)
	if !followSymlinks {
		flags |= windows.FILE_FLAG_OPEN_REPARSE_POINT // the link itself, refused below
	}
	handle, err := windows.CreateFile(path16, windows.GENERIC_READ|windows.GENERIC_WRITE, shareAll, nil,
		windows.OPEN_EXISTING, flags, 0)
	if err != nil {
		if err == windows.ERROR_FILE_NOT_FOUND || err == windows.ERROR_PATH_NOT_FOUND {
			return nil, fileError(CodeFileNotFound, path, "file", "no such channel file", "absent", "an existing file")
		}
		return nil, fileError(CodeIO, path, "file", "cannot open channel file", "CreateFileW: "+err.Error(),
			"readable and writable")
	}
	fail := func(failure error) (*channelFile, error) {
		_ = windows.CloseHandle(handle)
		return nil, failure
	}
	fileLength, attributes, err := fileLengthOf(handle)
	if err != nil {
		return fail(fileError(CodeIO, path, "file", "cannot open channel file", "GetFileInformationByHandle: "+err.Error(),
			"a regular file"))
	}
	if attributes&windows.FILE_ATTRIBUTE_REPARSE_POINT != 0 && !followSymlinks {
		return fail(fileError(CodeInvalidFile, path, "file", "channel file is a symlink", "symlink",
			"a regular file (set follow_symlinks to follow it)"))
	}
	if fileType, _ := windows.GetFileType(handle); attributes&windows.FILE_ATTRIBUTE_DIRECTORY != 0 ||
		fileType != windows.FILE_TYPE_DISK {
		found := "special file"
		if attributes&windows.FILE_ATTRIBUTE_DIRECTORY != 0 {
			found = "directory"
		}
		return fail(fileError(CodeInvalidFile, path, "file", "channel file is not a regular file", found,
			"a regular file"))
	}
	if !allowOtherOwner {
		if err := checkOwner(path, handle); err != nil {
			return fail(err)
		}
	}
	mapLength, err := checkOpenLength(path, fileLength)
	if err != nil {
		return fail(err)
	}
	mapped, err := mapView(handle, mapLength)
	if err != nil {
		return fail(fileError(CodeIO, path, "fileLength", "cannot map channel file", err.Error(),
			fmt.Sprintf("%d bytes mapped", mapLength)))
	}
	f := &channelFile{path: path, platformFile: platformFile{handle: handle}, mapped: mapped}
	if err := f.validateAsExpected(fileLength, expectedKind, expectedCapacity); err != nil {
		_ = unmapView(mapped)
		return fail(err)
	}
	return f, nil
}

// checkOwner is the owner check of LAYOUT 10.3 on Windows: the file's owner SID (on the open handle) must be the
// opener's user SID.
func checkOwner(path string, handle windows.Handle) error {
	own, err := currentUserSID()
	if err != nil {
		return fileError(CodeIO, path, "owner", "cannot read the user of this process", err.Error(), "a user SID")
	}
	descriptor, err := windows.GetSecurityInfo(handle, windows.SE_FILE_OBJECT, windows.OWNER_SECURITY_INFORMATION)
	if err != nil {
		return fileError(CodeIO, path, "owner", "cannot read the owner of channel file", "GetSecurityInfo: "+err.Error(),
			"sid "+own.String())
	}
	owner, _, err := descriptor.Owner()
	if err != nil || owner == nil {
		return fileError(CodeInvalidFile, path, "owner", "channel file belongs to another user", "no owner",
			fmt.Sprintf("sid %s (set allow_other_owner to accept it)", own))
	}
	if !owner.Equals(own) {
		return fileError(CodeInvalidFile, path, "owner", "channel file belongs to another user",
			"sid "+owner.String(), fmt.Sprintf("sid %s (set allow_other_owner to accept it)", own))
	}
	return nil
}

// length is the file's length now, or -1 when it cannot be read.
func (f *channelFile) length() int64 {
	fileLength, _, err := fileLengthOf(f.handle)
	if err != nil {
		return -1
	}
	return fileLength
}

// checkLength is ringway_channel_check_length (LAYOUT 11.1).
func (f *channelFile) checkLength() error {
	fileLength, _, err := fileLengthOf(f.handle)
	if err != nil {
		return fileError(CodeIO, f.path, "fileLength", "cannot stat channel file",
			"GetFileInformationByHandle: "+err.Error(), "a length")
	}
	return f.truncatedError(fileLength)
}

// close unmaps the view, closes the file and the channel's events (the end of ringway_channel_close).
func (f *channelFile) close() error {
	f.wakeups.close()
	_ = windows.CloseHandle(f.handle)
	f.handle = windows.InvalidHandle
	if err := unmapView(f.mapped); err != nil {
		return fileError(CodeIO, f.path, "file", "cannot unmap channel file", "UnmapViewOfFile: "+err.Error(), "unmapped")
	}
	f.mapped = nil
	return nil
}

// deleteFile is ringway_channel_delete: DeleteFileW. Every handle of a channel file shares delete, so the name goes
// at once; processes that still map the file keep their view until they close it.
func deleteFile(path string) error {
	if path == "" {
		return nil
	}
	path16, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return fileError(CodeInvalidArgument, path, "file", "invalid channel file path", err.Error(), "a path")
	}
	if err := windows.DeleteFile(path16); err != nil && err != windows.ERROR_FILE_NOT_FOUND {
		return fileError(CodeIO, path, "file", "cannot delete channel file", "DeleteFileW: "+err.Error(), "deleted")
	}
	return nil
}

// pathFor is ringway_channel_path_for (LAYOUT 10.1) on Windows: <the user's temporary directory>\<name>.ringway, the
// directory of GetTempPath2W or GetTempPathW (%LOCALAPPDATA%\Temp unless TMP or TEMP say otherwise).
func pathFor(name string) (string, error) {
	path := os.TempDir() + `\` + name + ".ringway"
	if len(path) >= pathMaxLength {
		return "", fileError(CodeInvalidArgument, "(none)", "name", "channel name too long", name,
			fmt.Sprintf("a path below %d bytes", pathMaxLength))
	}
	return path, nil
}

// currentPidNamespace is 0 on Windows, which has no pid namespaces: nothing is recorded or checked.
func currentPidNamespace() int64 { return 0 }
