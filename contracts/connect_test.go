package contracts

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"strings"
	"testing"
)

// TestOpenL1ToleratesADownNode: a replica that starts while its L1 node is
// down comes up (settlement retries later) and says so, where a one-shot
// command's DialL1 fails at once; a URL that cannot be dialled at all
// fails both.
func TestOpenL1ToleratesADownNode(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	ln.Close() // nothing listens there now
	ctx := context.Background()
	if _, err := DialL1(ctx, url); err == nil {
		t.Fatal("DialL1 to a down node succeeded")
	}
	var logs bytes.Buffer
	c, err := OpenL1(ctx, url, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatalf("OpenL1 to a down node: %v", err)
	}
	c.Close()
	if !strings.Contains(logs.String(), "L1 node not answering at start") {
		t.Fatalf("nothing said: %q", logs.String())
	}
	if _, err := OpenL1(ctx, "ftp://nowhere", nil); err == nil {
		t.Fatal("OpenL1 took a URL it cannot dial")
	}
}
