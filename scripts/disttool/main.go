// Command disttool does the parts of packaging and of its checks that are
// awkward in shell and must work the same on Linux, macOS and Windows (Git
// Bash) without extra tools. scripts/dist.sh and scripts/dist-check.sh call
// it; it is not part of Shotdesk.
//
//	disttool stage-version DIR FULL NUMERIC
//	    sets the version in a staged copy of the project: wails.json
//	    info.productVersion = NUMERIC (makensis, VERSIONINFO and Info.plist
//	    accept only digits) and the VERSIONINFO ProductVersion string in
//	    build/windows/info.json = FULL (what `shotdesk version` prints)
//	disttool pe FILE gui|console NUMERIC FULL
//	    checks a Windows executable: the PE subsystem, and that its
//	    VERSIONINFO says NUMERIC.0 (fixed file and product version) and FULL
//	    (ProductVersion string; "-" skips that check, e.g. for the installer)
//	disttool plist TEMPLATE WAILS_JSON NUMERIC OUT
//	    renders a build/darwin Info.plist template as `wails build` does on
//	    a Mac, with the version set, for validation on other systems
//	disttool zip OUT.zip DIR
//	    writes DIR (its base name as the top folder) into a zip, files in
//	    sorted order with the SOURCE_DATE_EPOCH time, so the same input
//	    gives the same archive
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	args := os.Args[2:]
	switch os.Args[1] {
	case "stage-version":
		need(args, 3)
		err = stageVersion(args[0], args[1], args[2])
	case "pe":
		need(args, 4)
		err = checkPE(args[0], args[1], args[2], args[3])
	case "plist":
		need(args, 4)
		err = renderPlist(args[0], args[1], args[2], args[3])
	case "zip":
		need(args, 2)
		err = zipDir(args[0], args[1])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "disttool:", err)
		os.Exit(1)
	}
}

func need(args []string, n int) {
	if len(args) != n {
		usage()
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: disttool stage-version DIR FULL NUMERIC | pe FILE gui|console NUMERIC FULL|- | plist TEMPLATE WAILS_JSON NUMERIC OUT | zip OUT.zip DIR")
	os.Exit(2)
}
