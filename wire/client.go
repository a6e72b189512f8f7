package wire

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/baton-rollup/baton/fsm"
)

// Client talks to one replica's HTTP API. The CLI, the load generator, the
// benchmark, the watchdog and the integration tests all use it, so they
// exercise the same path real clients do.
type Client struct {
	// Base is "http://host:port" or "https://host:port".
	Base string
	// Token is sent as a bearer token (admin endpoints).
	Token string
	HTTP  *http.Client
	// https: the replicas serve TLS (NewTLSClient with a config), for At.
	// Not read off the transport: net/http fills in TLSClientConfig on
	// first use even for plain HTTP.
	https bool
}

// NewClient returns a client for addr ("host:port" or a URL).
func NewClient(addr, token string) *Client { return NewTLSClient(addr, token, nil) }

// NewTLSClient is NewClient for replicas serving HTTPS: tc verifies them
// and, for the admin API, presents a client certificate. A nil tc is
// NewClient. Clients of other replicas should come from At, which shares
// the transport (and its connections).
func NewTLSClient(addr, token string, tc *tls.Config) *Client {
	c := &Client{Token: token, HTTP: &http.Client{Transport: NewTransport(tc)}, https: tc != nil}
	c.Base = c.url(addr)
	return c
}

// At is a client of the replica at addr with c's token, scheme and HTTP
// client: a caller that talks to every replica (the watchdog, the devnet)
// keeps one transport, so one pool of connections and, with TLS, one
// handshake per connection rather than per call.
func (c *Client) At(addr string) *Client {
	return &Client{Base: c.url(addr), Token: c.Token, HTTP: c.HTTP, https: c.https}
}

// url is addr ("host:port" or a URL) in c's scheme.
func (c *Client) url(addr string) string {
	host := strings.TrimPrefix(strings.TrimPrefix(addr, "http://"), "https://")
	if c.https {
		return "https://" + host
	}
	if host != addr {
		return addr // a URL given as such keeps its scheme
	}
	return "http://" + host
}

// NewTransport is the transport for calls to replicas: many idle
// connections per host (load generators and forwarding keep many
// requests in flight to one replica) and, with tc, TLS.
func NewTransport(tc *tls.Config) *http.Transport {
	t := &http.Transport{MaxIdleConnsPerHost: 4096, IdleConnTimeout: 90 * time.Second}
	if tc != nil {
		// A custom TLS config turns Go's automatic HTTP/2 off; HTTP/2
		// multiplexes concurrent requests over few connections, each a
		// TLS handshake fewer. A clone: the transport writes its
		// protocols into the config, which callers share.
		t.TLSClientConfig, t.ForceAttemptHTTP2 = tc.Clone(), true
	}
	return t
}

// HTTPError is a non-2xx answer: its status code and the error the body
// gave (the whole body when it gave none).
type HTTPError struct {
	Code int
	Msg  string
	// Reason is the body's machine-readable reason ("" when it gave none).
	Reason string
	// RetryAfter is the answer's Retry-After in its seconds form; 0 when
	// absent, not a count of seconds (replicas never send the date form)
	// or over an hour (a typo must not park a client).
	RetryAfter time.Duration
	// body is the answer as sent, for callers whose error answers carry
	// more than ErrorBody (a 404 transaction status).
	body []byte
}

func (e *HTTPError) Error() string { return fmt.Sprintf("%d: %s", e.Code, e.Msg) }

// Unwrap is the sentinel the reason names (nil without one), so that
// errors.Is(err, ErrBacklogFull) holds across HTTP.
func (e *HTTPError) Unwrap() error { return ErrForReason(e.Reason) }

// retryAfter reads a Retry-After header in seconds; anything else is 0.
func retryAfter(h string) time.Duration {
	n, err := strconv.Atoi(strings.TrimSpace(h))
	if err != nil || n < 0 || n > 3600 {
		return 0
	}
	return time.Duration(n) * time.Second
}

func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.Base+path, body)
	if err != nil {
		return err
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		var e ErrorBody
		if json.Unmarshal(data, &e) != nil || e.Error == "" {
			e.Error = string(data)
		}
		return &HTTPError{Code: resp.StatusCode, Msg: e.Error, Reason: e.Reason, RetryAfter: retryAfter(resp.Header.Get("Retry-After")), body: data}
	}
	if out != nil {
		return json.Unmarshal(data, out)
	}
	return nil
}

// Submit sends a signed transaction; with wait it returns once sequenced.
func (c *Client) Submit(ctx context.Context, tx fsm.Tx, wait bool) (SubmitResult, error) {
	var r SubmitResult
	err := c.do(ctx, http.MethodPost, fmt.Sprintf("/v1/tx?wait=%t", wait), ToJSON(tx), &r)
	return r, err
}

// Priority feeds an L1 priority operation (admin).
func (c *Client) Priority(ctx context.Context, tx fsm.Tx, wait bool) (SubmitResult, error) {
	var r SubmitResult
	err := c.do(ctx, http.MethodPost, fmt.Sprintf("/v1/admin/priority?wait=%t", wait), ToJSON(tx), &r)
	return r, err
}

// Tx fetches a transaction's status (linearizable).
func (c *Client) Tx(ctx context.Context, h fsm.TxHash) (TxStatus, error) {
	return c.TxWith(ctx, h, ReadOptions{})
}

// TxLocal fetches a transaction's status as this replica's own log has it
// (a stale read), without asking the leader about pending or rejected
// ones.
func (c *Client) TxLocal(ctx context.Context, h fsm.TxHash) (TxStatus, error) {
	return c.TxWith(ctx, h, ReadOptions{Consistency: Stale})
}

// TxWith fetches a transaction's status at the given consistency.
//
// A 404 is an error, and its status is returned with it: "unknown" (a
// linearizable read ruled the transaction out) or "not_seen" (a stale read
// missed it), with how it was read.
func (c *Client) TxWith(ctx context.Context, h fsm.TxHash, o ReadOptions) (TxStatus, error) {
	var r TxStatus
	err := c.do(ctx, http.MethodGet, "/v1/tx/"+h.String()+o.Query(), nil, &r)
	var he *HTTPError
	if errors.As(err, &he) && he.Code == http.StatusNotFound {
		_ = json.Unmarshal(he.body, &r)
	}
	return r, err
}

// Batch fetches a batch record (linearizable).
func (c *Client) Batch(ctx context.Context, n uint64) (fsm.BatchRecord, error) {
	r, err := c.BatchWith(ctx, n, ReadOptions{})
	return r.BatchRecord, err
}

// BatchWith fetches a batch record at the given consistency; callers that
// compare each replica's own log (audits) ask for Stale.
func (c *Client) BatchWith(ctx context.Context, n uint64, o ReadOptions) (BatchRead, error) {
	var r BatchRead
	err := c.do(ctx, http.MethodGet, fmt.Sprintf("/v1/batches/%d%s", n, o.Query()), nil, &r)
	return r, err
}

// Account fetches an account (linearizable).
func (c *Client) Account(ctx context.Context, i uint32) (fsm.Account, error) {
	r, err := c.AccountWith(ctx, i, ReadOptions{})
	return r.Account, err
}

// AccountWith fetches an account at the given consistency.
func (c *Client) AccountWith(ctx context.Context, i uint32, o ReadOptions) (AccountRead, error) {
	var r AccountRead
	err := c.do(ctx, http.MethodGet, fmt.Sprintf("/v1/accounts/%d%s", i, o.Query()), nil, &r)
	return r, err
}

// Status fetches the replica's status.
func (c *Client) Status(ctx context.Context) (Status, error) {
	var r Status
	err := c.do(ctx, http.MethodGet, "/v1/status", nil, &r)
	return r, err
}

// Members lists the cluster (admin).
func (c *Client) Members(ctx context.Context) (MembersResult, error) {
	var r MembersResult
	err := c.do(ctx, http.MethodGet, "/v1/admin/members", nil, &r)
	return r, err
}

// AddMember adds and promotes a replica (admin, leader).
func (c *Client) AddMember(ctx context.Context, req AddRequest) (MembersResult, error) {
	var r MembersResult
	err := c.do(ctx, http.MethodPost, "/v1/admin/members", req, &r)
	return r, err
}

// RemoveMember removes a replica (admin, leader).
func (c *Client) RemoveMember(ctx context.Context, id string, configIndex uint64) (MembersResult, error) {
	var r MembersResult
	err := c.do(ctx, http.MethodDelete, fmt.Sprintf("/v1/admin/members/%s?config_index=%d", id, configIndex), nil, &r)
	return r, err
}

// TransferLeadership asks the leader to hand over (to id, or Raft's pick).
func (c *Client) TransferLeadership(ctx context.Context, id string) (string, error) {
	var r map[string]string
	err := c.do(ctx, http.MethodPost, "/v1/admin/transfer-leadership", TransferRequest{ID: id}, &r)
	return r["leader"], err
}

// DeadJobs lists the proof jobs in the dead letters.
func (c *Client) DeadJobs(ctx context.Context) ([]DeadJob, error) {
	var out []DeadJob
	err := c.do(ctx, http.MethodGet, "/v1/admin/jobs/dead", nil, &out)
	return out, err
}

// ReplayJob asks the leader to offer batch n's dead-lettered job again.
func (c *Client) ReplayJob(ctx context.Context, n uint64) error {
	return c.do(ctx, http.MethodPost, "/v1/admin/jobs/replay", ReplayRequest{Batch: n}, nil)
}

// ReofferJob asks the leader to give up batch n's attempt and offer the
// batch again as a new attempt; it answers the batch's current attempt.
func (c *Client) ReofferJob(ctx context.Context, n uint64, attempt uint32) (ReofferResult, error) {
	var r ReofferResult
	err := c.do(ctx, http.MethodPost, "/v1/admin/jobs/reoffer", ReofferRequest{Batch: n, Attempt: attempt}, &r)
	return r, err
}

// SetFaults switches the replica's fault hooks (tests and chaos runs).
func (c *Client) SetFaults(ctx context.Context, f FaultsRequest) error {
	return c.do(ctx, http.MethodPost, "/v1/admin/faults", f, nil)
}
