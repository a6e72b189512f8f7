package httpapi

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/wire"
)

// TestDataDriven runs the scripts in testdata/*.txt against the handlers
// over a fake replica: each request shows the status, the content type
// and the body exactly as written, and then what the handlers asked of
// the backend. The bytes are the API's contract (clients, scripts and
// dashboards read them), so a change here is a change of the API.
//
// Rewrite the expected output after an intended change with
//
//	go test ./httpapi -run TestDataDriven -rewrite
//
// and read the diff before committing it.
//
// Commands (arguments in brackets are optional):
//
//	server [mtls]
//	    A new server over a new fake (genesis: 4 accounts). With mtls,
//	    admin and internal endpoints also want a verified client
//	    certificate.
//	tx name=t1 kind=transfer|withdraw|deposit|forced_exit [from=1] [to=2] [amount=5] [fee=1] [nonce=0] [queue=0]
//	    A transaction signed with test key from (deposits: test key to's
//	    public key), kept under name, as JSON and in its binary encoding,
//	    for requests.
//	fail next=<error>
//	    The next backend call fails with the named error (see
//	    namedErrors in fake_test.go).
//	fake [pending] [leader] [live=down] [ready=<message>] [dead=N] [l1]
//	    How the fake answers from now on (underscores in the ready
//	    message are spaces); l1: it has looked at L1.
//	request METHOD PATH [token=test-token|none|<other>] [tls=none|anon|verified] [tx=name|bin=name] [pad=N] [show=all|code]
//	<body>
//	    One request; the token defaults to the right one. tx= sends the
//	    named transaction's JSON as the body, bin= its binary encoding;
//	    otherwise the lines under the command are the body; pad adds N
//	    spaces to it. show=code prints the status line only.
func TestDataDriven(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no scripts in testdata")
	}
	for _, path := range files {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txt"), func(t *testing.T) {
			h := newHarness()
			datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
				return h.run(t, d)
			})
		})
	}
}

const (
	testSeed  = "httpapi-test"
	testToken = "test-token"
	testChain = 7
)

type harness struct {
	f    *fake
	s    *Server
	txs  map[string][]byte // JSON, as clients send it
	bins map[string][]byte // binary, as followers forward it
}

func newHarness() *harness { return &harness{txs: map[string][]byte{}, bins: map[string][]byte{}} }

func (h *harness) run(t *testing.T, d *datadriven.TestData) string {
	switch d.Cmd {
	case "server":
		return h.server(t, d.HasArg("mtls"))
	case "tx":
		return h.tx(t, d)
	case "fail":
		var name string
		d.ScanArgs(t, "next", &name)
		err, ok := namedErrors[name]
		if !ok {
			d.Fatalf(t, "unknown error %q; known: %s", name, errorNames())
		}
		h.f.next = err
		return "ok"
	case "fake":
		h.f.pending, h.f.leader = d.HasArg("pending"), d.HasArg("leader")
		h.f.live, h.f.ready, h.f.dead, h.f.l1 = nil, nil, nil, nil
		if d.HasArg("l1") {
			h.f.l1 = &wire.L1View{Block: 120, LastCommitted: 9, LastFinalized: 7, QueueBacklog: 1, OldestAgeBlocks: 3,
				InclusionDeadline: 50, Sender: "0x00000000000000000000000000000000000000a1", AtMs: 1000}
		}
		if d.HasArg("live") {
			h.f.live = fmt.Errorf("raft is shut down")
		}
		if d.HasArg("ready") {
			var msg string
			d.ScanArgs(t, "ready", &msg)
			h.f.ready = fmt.Errorf("%s", strings.ReplaceAll(msg, "_", " "))
		}
		if d.HasArg("dead") {
			var n int
			d.ScanArgs(t, "dead", &n)
			h.f.dead = make([]wire.DeadJob, 0, n)
			for i := range n {
				h.f.dead = append(h.f.dead, wire.DeadJob{Job: &wire.Job{V: 1, Batch: uint64(i + 1), Attempt: 2, Circuit: "b2d10"},
					Reason: "exhausted", Deliveries: 2})
			}
		}
		return "ok"
	case "request":
		return h.request(t, d)
	}
	d.Fatalf(t, "unknown command %q", d.Cmd)
	return ""
}

func (h *harness) server(t *testing.T, mtls bool) string {
	cfg := fsm.DefaultConfig()
	cfg.TreeDepth, cfg.ChainID = 4, testChain
	f, err := newFake(fsm.DevGenesis(cfg, testSeed, 4, 1000, 0))
	if err != nil {
		t.Fatal(err)
	}
	h.f = f
	h.s = New(Config{
		ID: "s1", APIAddr: "h:1", Token: testToken, MutualTLS: mtls,
		NotLeader: func(err error) bool { return err == errNotLeader },
		Metrics:   prometheus.NewRegistry(),
		Logger:    slog.New(slog.NewTextHandler(io.Discard, nil)),
	}, f.backend())
	return "ok"
}

func (h *harness) tx(t *testing.T, d *datadriven.TestData) string {
	var name, kind string
	d.ScanArgs(t, "name", &name)
	d.ScanArgs(t, "kind", &kind)
	k, err := fsm.ParseTxKind(kind)
	if err != nil {
		d.Fatalf(t, "%v", err)
	}
	u := func(key string, def uint64) uint64 {
		if !d.HasArg(key) {
			return def
		}
		var s string
		d.ScanArgs(t, key, &s)
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			d.Fatalf(t, "%s: %v", key, err)
		}
		return v
	}
	tx := fsm.Tx{Kind: k, From: uint32(u("from", 1)), To: uint32(u("to", 2)), Amount: u("amount", 5), Fee: u("fee", 1),
		Nonce: u("nonce", 0), QueueIndex: u("queue", 0)}
	switch k {
	case fsm.KindTransfer, fsm.KindWithdraw:
		if k == fsm.KindWithdraw {
			tx.To, tx.L1Addr = 0, fsm.L1Address{19: 0xc1}
		}
		tx.QueueIndex = 0
		if err := tx.Sign(fsm.DevKey(testSeed, uint64(tx.From)), testChain); err != nil {
			t.Fatal(err)
		}
	case fsm.KindDeposit:
		tx.PubKey, tx.L1Addr = fsm.DevKey(testSeed, uint64(tx.To)).Public(), fsm.L1Address{19: 0xb1}
		tx.From, tx.To, tx.Fee, tx.Nonce = 0, 0, 0, 0
	case fsm.KindForcedExit:
		tx.L1Addr = fsm.L1Address{19: 0xa1}
		tx.To, tx.Amount, tx.Fee, tx.Nonce = 0, 0, 0, 0
	}
	b, err := json.Marshal(wire.ToJSON(tx))
	if err != nil {
		t.Fatal(err)
	}
	h.txs[name], h.bins[name] = b, tx.Encode(nil)
	return "hash " + short(tx.Hash())
}

func (h *harness) request(t *testing.T, d *datadriven.TestData) string {
	if len(d.CmdArgs) < 2 {
		d.Fatalf(t, "request METHOD PATH ...")
	}
	method, path := d.CmdArgs[0].Key, d.CmdArgs[1].Key
	if v := d.CmdArgs[1].Vals; len(v) > 0 {
		path += "=" + strings.Join(v, ",") // the parser split a query at its '='
	}
	body := d.Input
	if d.HasArg("tx") {
		var name string
		d.ScanArgs(t, "tx", &name)
		b, ok := h.txs[name]
		if !ok {
			d.Fatalf(t, "no transaction %q", name)
		}
		body = string(b)
	}
	if d.HasArg("bin") {
		var name string
		d.ScanArgs(t, "bin", &name)
		b, ok := h.bins[name]
		if !ok {
			d.Fatalf(t, "no transaction %q", name)
		}
		body = string(b)
	}
	if d.HasArg("pad") {
		var n int
		d.ScanArgs(t, "pad", &n)
		body += strings.Repeat(" ", n)
	}
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	token := testToken
	if d.HasArg("token") {
		d.ScanArgs(t, "token", &token)
	}
	if token != "none" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	tlsMode := "none"
	if d.HasArg("tls") {
		d.ScanArgs(t, "tls", &tlsMode)
	}
	switch tlsMode {
	case "none":
	case "anon":
		req.TLS = &tls.ConnectionState{HandshakeComplete: true}
	case "verified":
		req.TLS = &tls.ConnectionState{HandshakeComplete: true, VerifiedChains: [][]*x509.Certificate{{{}}}}
	default:
		d.Fatalf(t, "tls=%s: want none, anon or verified", tlsMode)
	}
	show := "all"
	if d.HasArg("show") {
		d.ScanArgs(t, "show", &show)
	}
	w := httptest.NewRecorder()
	h.s.ServeHTTP(w, req)
	var out strings.Builder
	fmt.Fprintf(&out, "%d %s\n", w.Code, w.Header().Get("Content-Type"))
	if ra := w.Header().Get("Retry-After"); ra != "" {
		fmt.Fprintf(&out, "Retry-After: %s\n", ra)
	}
	if show == "all" {
		if b := strings.TrimRight(w.Body.String(), "\n"); b != "" {
			out.WriteString(b + "\n")
		}
	}
	for _, c := range h.f.takeCalls() {
		fmt.Fprintf(&out, "call: %s\n", c)
	}
	return out.String()
}

// TestUnknownMethodAndRoute: the mux answers what no pattern claims.
func TestUnknownMethodAndRoute(t *testing.T) {
	h := newHarness()
	h.server(t, false)
	for _, tc := range []struct {
		method, path string
		want         int
	}{
		{http.MethodPut, "/v1/tx", http.StatusMethodNotAllowed},
		{http.MethodPut, "/v1/status", http.StatusMethodNotAllowed},
		{http.MethodGet, "/", http.StatusOK},                 // the status page
		{http.MethodGet, "/v1/nothing", http.StatusNotFound}, // its catch-all finds no file
		{http.MethodPost, "/v1/nothing", http.StatusMethodNotAllowed},
	} {
		w := httptest.NewRecorder()
		h.s.ServeHTTP(w, httptest.NewRequest(tc.method, tc.path, nil))
		if w.Code != tc.want {
			t.Errorf("%s %s: %d, want %d", tc.method, tc.path, w.Code, tc.want)
		}
	}
}
