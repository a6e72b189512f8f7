package wire

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/baton-rollup/baton/fsm"
)

// TestJSONShapes pins every wire type's JSON, empty and with every field
// set, to what the replicas answered before the types moved here
// (testdata/json.txt was written by the old cluster types): clients,
// dashboards and scripts read these bytes.
func TestJSONShapes(t *testing.T) {
	types := map[string]any{
		"SubmitResult": SubmitResult{}, "TxStatus": TxStatus{}, "Status": Status{}, "Member": Member{},
		"MembersResult": MembersResult{}, "AddRequest": AddRequest{}, "TransferRequest": TransferRequest{},
		"MemberAPIRequest": MemberAPIRequest{}, "FaultsRequest": FaultsRequest{}, "ReplayRequest": ReplayRequest{},
		"ReofferRequest": ReofferRequest{}, "ReofferResult": ReofferResult{}, "TxJSON": TxJSON{},
		"BatchTimes": BatchTimes{}, "L1View": L1View{}, "MemberView": MemberView{}, "BatchView": BatchView{},
		"Pipeline": Pipeline{}, "Overview": Overview{}, "ErrorBody": ErrorBody{}, "DeadJob": DeadJob{}, "Job": Job{}, "Backlog": Backlog{}, "BacklogSample": BacklogSample{},
		"ReadMeta": ReadMeta{}, "AccountRead": AccountRead{}, "BatchRead": BatchRead{}, "ReadIndex": ReadIndex{},
	}
	f, err := os.Open("testdata/json.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	seen := 0
	for sc.Scan() {
		name := sc.Text()
		if !sc.Scan() {
			t.Fatalf("%s: no empty form", name)
		}
		empty := sc.Text()
		if !sc.Scan() {
			t.Fatalf("%s: no full form", name)
		}
		full := sc.Text()
		v, ok := types[name]
		if !ok {
			t.Fatalf("testdata names %s, which this package lacks", name)
		}
		seen++
		if got, _ := json.Marshal(v); string(got) != empty {
			t.Errorf("%s empty:\n got %s\nwant %s", name, got, empty)
		}
		p := reflect.New(reflect.TypeOf(v))
		seed := 0
		fill(p.Elem(), &seed)
		if got, err := json.Marshal(p.Interface()); err != nil || string(got) != full {
			t.Errorf("%s full:\n got %s\nwant %s (%v)", name, got, full, err)
		}
	}
	if seen != len(types) {
		t.Errorf("testdata covers %d of %d types", seen, len(types))
	}
}

// fill sets every exported field of v to a value derived from a running
// seed, so that no omitempty hides a key and two layouts that differ in
// any field's name, type or order differ in their JSON.
func fill(v reflect.Value, seed *int) {
	*seed++
	switch v.Kind() {
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(*seed))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(uint64(*seed))
	case reflect.Float32, reflect.Float64:
		v.SetFloat(float64(*seed) + 0.5)
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d", *seed))
	case reflect.Array:
		for i := range v.Len() {
			fill(v.Index(i), seed)
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			v.SetBytes(fmt.Appendf(nil, "b%d", *seed))
			if v.Type().Name() == "RawMessage" {
				v.SetBytes(fmt.Appendf(nil, `{"raw":%d}`, *seed))
			}
			return
		}
		s := reflect.MakeSlice(v.Type(), 1, 1)
		fill(s.Index(0), seed)
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		k := reflect.New(v.Type().Key()).Elem()
		fill(k, seed)
		e := reflect.New(v.Type().Elem()).Elem()
		fill(e, seed)
		m.SetMapIndex(k, e)
		v.Set(m)
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		fill(p.Elem(), seed)
		v.Set(p)
	case reflect.Interface:
		v.Set(reflect.ValueOf(fmt.Sprintf("any%d", *seed)))
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(time.Time{}) {
			v.Set(reflect.ValueOf(time.Unix(int64(*seed)*1000, 0).UTC()))
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), seed)
			}
		}
	}
}

// TestClientErrors: a non-2xx answer becomes an HTTPError with the body's
// error, or the whole body when it is not the API's error shape.
func TestClientErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/v1/status":
			if r.Header.Get("Authorization") != "Bearer tok" || r.Header.Get("Content-Type") != "application/json" {
				w.WriteHeader(http.StatusTeapot)
				return
			}
			_ = json.NewEncoder(w).Encode(Status{ID: "s1", Role: "Leader"})
		case "/v1/admin/members":
			w.WriteHeader(http.StatusConflict)
			_ = json.NewEncoder(w).Encode(ErrorBody{Error: "membership changed"})
		default:
			w.WriteHeader(http.StatusBadGateway)
			_, _ = w.Write([]byte("upstream gone"))
		}
	}))
	defer srv.Close()
	c := NewClient(srv.URL, "tok")
	ctx := context.Background()
	if st, err := c.Status(ctx); err != nil || st.ID != "s1" || st.Role != "Leader" {
		t.Fatalf("status: %+v, %v", st, err)
	}
	var he *HTTPError
	if _, err := c.Members(ctx); !errors.As(err, &he) || he.Code != http.StatusConflict || he.Msg != "membership changed" {
		t.Fatalf("members: want 409 with the body's error, got %v", err)
	}
	if _, err := c.Batch(ctx, 1); !errors.As(err, &he) || he.Code != http.StatusBadGateway || he.Msg != "upstream gone" {
		t.Fatalf("batch: want 502 with the raw body, got %v", err)
	}
}

// TestClientReason: a refusal's reason and Retry-After reach the caller,
// and the reason unwraps to its sentinel; a body from a replica older
// than the reason still decodes, unwrapping to nothing, and a Retry-After
// that is not a count of seconds is ignored.
func TestClientReason(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/v1/status": // today's backlog refusal
			w.Header().Set("Retry-After", "2")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte(`{"error":"unproven backlog at its bound","reason":"backlog_full"}`))
		case "/v1/batches/1": // an old replica's, with a date
			w.Header().Set("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte(`{"error":"mempool full","leader":"h:1"}`))
		default: // a newer replica's reason
			w.WriteHeader(http.StatusConflict)
			_, _ = w.Write([]byte(`{"error":"later","reason":"from_the_future"}`))
		}
	}))
	defer srv.Close()
	c := NewClient(srv.URL, "")
	ctx := context.Background()
	var he *HTTPError
	_, err := c.Status(ctx)
	if !errors.As(err, &he) || he.Reason != "backlog_full" || he.RetryAfter != 2*time.Second ||
		!errors.Is(err, ErrBacklogFull) || errors.Is(err, ErrMempoolFull) {
		t.Fatalf("backlog refusal: %#v", err)
	}
	_, err = c.Batch(ctx, 1)
	if !errors.As(err, &he) || he.Reason != "" || he.RetryAfter != 0 || he.Msg != "mempool full" || errors.Unwrap(err) != nil {
		t.Fatalf("old body: %#v", err)
	}
	_, err = c.Account(ctx, 1)
	if !errors.As(err, &he) || he.Reason != "from_the_future" || errors.Unwrap(err) != nil {
		t.Fatalf("unknown reason: %#v", err)
	}
	for h, want := range map[string]time.Duration{"0": 0, " 5 ": 5 * time.Second, "-1": 0, "1.5": 0, "": 0, "86400": 0} {
		if got := retryAfter(h); got != want {
			t.Errorf("Retry-After %q: %v, want %v", h, got, want)
		}
	}
}

// TestTxNotFoundSaysHowItWasRead: a 404 transaction status comes back with
// the error, so a caller can tell "unknown" (ruled out) from "not_seen"
// (a stale read that missed) and see the read's metadata.
func TestTxNotFoundSaysHowItWasRead(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"hash":"0x0000000000000000000000000000000000000000000000000000000000000000","status":"not_seen","read":{"consistency":"stale","applied_index":7}}`))
	}))
	defer srv.Close()
	st, err := NewClient(srv.URL, "").TxWith(context.Background(), fsm.TxHash{}, ReadOptions{Consistency: Stale})
	var he *HTTPError
	if !errors.As(err, &he) || he.Code != http.StatusNotFound {
		t.Fatalf("err %v, want a 404", err)
	}
	if st.Status != "not_seen" || st.Read == nil || st.Read.Consistency != Stale || st.Read.AppliedIndex != 7 {
		t.Fatalf("status %+v", st)
	}
}

// TestReasons: every sentinel has a reason of its own, which maps back to
// it, also through wrapping.
func TestReasons(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range reasons {
		if seen[r.reason] || r.reason == "" {
			t.Fatalf("reason %q empty or twice", r.reason)
		}
		seen[r.reason] = true
		wrapped := fmt.Errorf("%w: detail", r.err)
		if got := ReasonOf(wrapped); got != r.reason || ErrForReason(got) != r.err {
			t.Errorf("%v: reason %q maps back to %v", r.err, got, ErrForReason(got))
		}
	}
	if ReasonOf(errors.New("other")) != "" || ErrForReason("") != nil {
		t.Error("an error without a sentinel has a reason")
	}
}

// TestClientAt: At keeps the scheme the client was made for; a URL given
// as such keeps its own on a plain client.
func TestClientAt(t *testing.T) {
	plain := NewClient("h:1", "t")
	for addr, want := range map[string]string{
		"h:2": "http://h:2", "http://h:2": "http://h:2", "https://h:2": "https://h:2",
	} {
		if got := plain.At(addr).Base; got != want {
			t.Errorf("plain At(%q) = %q, want %q", addr, got, want)
		}
	}
	tlsc := &Client{HTTP: plain.HTTP, https: true}
	for _, addr := range []string{"h:2", "http://h:2", "https://h:2"} {
		if got := tlsc.At(addr); got.Base != "https://h:2" || got.HTTP != plain.HTTP {
			t.Errorf("https At(%q) = %q (shared transport %v), want https://h:2", addr, got.Base, got.HTTP == plain.HTTP)
		}
	}
}

// TestTxJSON: a transaction survives the trip, and a field its kind does
// not carry does not reach the hash.
func TestTxJSON(t *testing.T) {
	key := fsm.DevKey("wire-test", 0)
	tx := fsm.Tx{Kind: fsm.KindTransfer, From: 1, To: 2, Amount: 3, Fee: 1, Nonce: 4}
	if err := tx.Sign(key, 7); err != nil {
		t.Fatal(err)
	}
	back, err := ToJSON(tx).Tx()
	if err != nil || back.Hash() != tx.Hash() {
		t.Fatalf("round trip: %v, hash %s want %s", err, back.Hash(), tx.Hash())
	}
	j := ToJSON(tx)
	j.QueueIndex = 9 // not a transfer's field
	if back, err := j.Tx(); err == nil && back.Hash() != tx.Hash() {
		t.Fatalf("a foreign field changed the hash")
	}
	if _, err := (TxJSON{Kind: "nonsense"}).Tx(); err == nil {
		t.Fatal("an unknown kind converted")
	}
}
