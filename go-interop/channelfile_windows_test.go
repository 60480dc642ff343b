//go:build windows

package ringway

import (
	"os"
	"testing"

	"golang.org/x/sys/windows"
)

// LAYOUT 10.2 on Windows: a created file is owned by the creating user and its protected DACL grants that user alone
// full access, nothing inherited from the directory.
func TestShouldCreateAFileOwnedByTheUserWithADaclForThatUserAlone(t *testing.T) {
	ch := create(t, SPSC, 1024)
	descriptor, err := windows.GetNamedSecurityInfo(ch.Path(), windows.SE_FILE_OBJECT,
		windows.OWNER_SECURITY_INFORMATION|windows.DACL_SECURITY_INFORMATION)
	if err != nil {
		t.Fatal(err)
	}
	sid, err := currentUserSID()
	if err != nil {
		t.Fatal(err)
	}
	want := "O:" + sid.String() + "D:P(A;;FA;;;" + sid.String() + ")"
	if underWine() {
		// Wine keeps a file's security descriptor only where the Linux file system stores its extended attribute;
		// otherwise it reports one made from the Unix owner and mode (here: SYSTEM and the user, the file 0750).
		// The owner is still the user's, which is what open checks.
		owner, _, err := descriptor.Owner()
		if err != nil || !owner.Equals(sid) {
			t.Fatalf("owner %v (%v), expected %s", owner, err, sid)
		}
		t.Logf("under Wine: security descriptor %s (created as %s)", descriptor, want)
		return
	}
	if descriptor.String() != want {
		t.Fatalf("security descriptor %s, expected %s", descriptor, want)
	}
}

// underWine tells whether this Windows program runs under Wine, whose ntdll exports wine_get_version.
func underWine() bool {
	return windows.NewLazySystemDLL("ntdll.dll").NewProc("wine_get_version").Find() == nil
}

// Windows files have no modes: owner-only is all Create grants there, and it says so rather than grant more.
func TestShouldRefuseAFileModeForOtherUsersNamingThePlatform(t *testing.T) {
	_, err := Create(channelPath(t), CreateOptions{Kind: SPSC, Capacity: 1024, FileMode: 0o660})
	detail := requireCode(t, err, ErrInvalidArgument, "fileMode")
	if detail.Found != "660" || detail.Reason != "permissions for other users are not supported on windows" {
		t.Fatalf("detail %+v", detail)
	}
}

// LAYOUT 10.1 on Windows: the user's temporary directory.
func TestShouldPlaceChannelsInTheTemporaryDirectoryByDefault(t *testing.T) {
	path, err := PathFor("orders")
	if err != nil || path != os.TempDir()+`\orders.ringway` {
		t.Fatalf("PathFor: %q, %v", path, err)
	}
}

// LAYOUT 9.7: the events are named after channelId as 16 lower-case hexadecimal digits of its 64 bits.
func TestShouldNameTheEventsAfterTheChannelIdInSixteenHexDigits(t *testing.T) {
	for _, example := range []struct {
		channelID int64
		suffix    string
		name      string
	}{
		{0x1f, "data", `Local\ringway-000000000000001f-data`},
		{-1, "space-0", `Local\ringway-ffffffffffffffff-space-0`},
		{0x0123456789abcdef, "space-1", `Local\ringway-0123456789abcdef-space-1`},
	} {
		if name := eventName(example.channelID, example.suffix); name != example.name {
			t.Fatalf("eventName(%#x, %s) = %s, expected %s", example.channelID, example.suffix, name, example.name)
		}
	}
}

// LAYOUT 10.4 on Windows: Delete closes this handle's view and removes the file, also while another handle (here a
// second Channel of this process, with its own view) still maps it, because every handle shares delete.
func TestShouldDeleteAChannelFileAlsoWhileAnotherHandleMapsIt(t *testing.T) {
	ch := create(t, SPSC, 1024)
	if err := ch.Delete(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(ch.Path()); !os.IsNotExist(err) {
		t.Fatalf("after Delete: %v", err)
	}

	ch = create(t, MPSC, 1024)
	peer, err := Open(ch.Path(), OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := ch.Delete(); err != nil {
		t.Fatalf("Delete while a peer maps the file: %v", err)
	}
	if err := peer.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(ch.Path()); !os.IsNotExist(err) {
		t.Fatalf("after Delete and the peer's Close: %v", err)
	}
}
