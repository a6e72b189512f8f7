package cluster

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/httpapi"
	"github.com/baton-rollup/baton/wire"
)

// peers calls other replicas' APIs: forwarding, member registration,
// catch-up checks and the status page. Every call carries the cluster
// token and, with TLS, the replica's client certificate.
type peers struct {
	client *http.Client
	token  string
	https  bool
}

var _ httpapi.Peers = (*peers)(nil)

func newPeers(cfg Config) *peers {
	// Forwarding keeps many requests in flight to one leader; the default
	// of 2 idle connections per host would dial anew for most.
	t := wire.NewTransport(tlsClient(cfg.TLS))
	// With TLS every forward to a leader shares one HTTP/2 connection, so
	// a forward given up on a frozen or cut-off leader would be sent again
	// on the same dead connection. A ping when nothing has come in for
	// half an attempt finds it dead and closes it within the attempt.
	t.HTTP2 = &http.HTTP2Config{SendPingTimeout: cfg.ForwardTimeout / 2, PingTimeout: cfg.ForwardTimeout / 2}
	return &peers{
		// A backstop only: forwards are bounded per attempt by their
		// context, and the other calls by their callers'.
		client: &http.Client{Timeout: cfg.ForwardTimeout + cfg.WaitTimeout, Transport: t},
		token:  cfg.Token,
		https:  cfg.TLS != nil,
	}
}

// url is path on a replica's API (host:port), in the scheme the cluster's
// replicas serve.
func (p *peers) url(addr, path string) string {
	if p.https {
		return "https://" + addr + path
	}
	return "http://" + addr + path
}

// call sends body to path on the replica at addr and decodes its answer
// into out; a non-2xx answer is a *remoteError.
func (p *peers) call(ctx context.Context, method, addr, path string, body []byte, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, p.url(addr, path), bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+p.token)
	resp, err := p.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode/100 != 2 {
		var e wire.ErrorBody
		_ = json.Unmarshal(data, &e)
		if e.Error == "" {
			e.Error = resp.Status
		}
		return &remoteError{code: resp.StatusCode, msg: e.Error, reason: e.Reason}
	}
	if out != nil {
		return json.Unmarshal(data, out)
	}
	return nil
}

// Status asks the replica at api for its status.
func (p *peers) Status(ctx context.Context, api string) (wire.Status, error) {
	var st wire.Status
	err := p.call(ctx, http.MethodGet, api, "/v1/status", nil, &st)
	return st, err
}

// L1 asks the replica at api (the leader) for its last look at L1.
func (p *peers) L1(ctx context.Context, api string) (wire.L1View, error) {
	var lv wire.L1View
	err := p.call(ctx, http.MethodGet, api, "/v1/l1", nil, &lv)
	return lv, err
}

func (p *peers) closeIdle() { p.client.CloseIdleConnections() }

// remoteError is a non-2xx answer from another replica.
type remoteError struct {
	code   int
	msg    string
	reason string // the body's wire reason ("" from an older replica)
}

var _ httpapi.Relayed = (*remoteError)(nil)

func (e *remoteError) Error() string { return e.msg }

// StatusCode is the remote answer's status, which the API relays as is.
func (e *remoteError) StatusCode() int { return e.code }

// Unwrap maps the remote status back to a sentinel, so errors.Is and the
// API's status mapping work across the hop.
func (e *remoteError) Unwrap() error {
	if err := wire.ErrForReason(e.reason); err != nil {
		return err
	}
	switch e.code {
	case http.StatusTooManyRequests:
		// Two causes share the code; the reason tells them apart, so the
		// relaying replica's answer keeps its Retry-After. Without one,
		// the answer is from a replica older than the reason field (a
		// rolling upgrade): its message's start is the sentinel's text.
		// Drop this once no such replica can be in a cluster.
		if strings.HasPrefix(e.msg, wire.ErrBacklogFull.Error()) {
			return wire.ErrBacklogFull
		}
		return wire.ErrMempoolFull
	case http.StatusServiceUnavailable:
		return wire.ErrNoLeader
	case http.StatusGatewayTimeout:
		return wire.ErrWaitTimeout
	case http.StatusConflict:
		return fsm.ErrNonceTooLow
	case http.StatusBadRequest:
		return fsm.ErrMalformed
	}
	return nil
}
