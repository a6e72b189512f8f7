// Package httpapi is a replica's HTTP API: routes, request decoding,
// authentication, the mapping of errors to status codes, and the status
// page's gathering. It reaches the replica only through the interfaces in
// backend.go.
package httpapi

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/statuspage"
	"github.com/baton-rollup/baton/wire"
)

// Authentication errors (admin and internal endpoints).
var (
	// ErrUnauthorized: missing or wrong bearer token (401).
	ErrUnauthorized = errors.New("unauthorized")
	// ErrClientCert: with TLS, admin and internal endpoints want a client
	// certificate from the cluster's CA as well as the token (403).
	ErrClientCert = errors.New("a client certificate from the cluster CA is required (mutual TLS)")
)

// maxBodyBytes bounds a JSON request body.
const maxBodyBytes = 64 << 10

// Config is what the handlers need besides the backend.
type Config struct {
	// ID and APIAddr are this replica's id and the API address the
	// others reach it at (the overview asks peers, not itself).
	ID, APIAddr string
	// Token guards admin and internal endpoints (bearer).
	Token string
	// MutualTLS: the API is served over TLS, and admin and internal
	// endpoints also want a client certificate the CA vouched for.
	MutualTLS bool
	// NotLeader reports the consensus layer's own errors that mean "not
	// the leader (any more)", answered 503 like wire.ErrNoLeader; nil:
	// none.
	NotLeader func(error) bool
	// Metrics is served at /metrics.
	Metrics prometheus.Gatherer
	// Context is the replica's life: the overview, gathered once for
	// every open page, runs under it rather than one caller's request.
	Context context.Context
	// OverviewExtra adds the process's own part to the overview (nil:
	// none), bounded by its ctx.
	OverviewExtra func(ctx context.Context) any
	// Now is the clock of the overview's cache (nil: time.Now).
	Now func() time.Time
	// Logger records what admin calls change.
	Logger *slog.Logger
}

// Server serves one replica's API.
type Server struct {
	cfg      Config
	b        Backend
	mux      *http.ServeMux
	overview overviewCache
}

// New returns the API over b.
func New(cfg Config, b Backend) *Server {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Context == nil {
		cfg.Context = context.Background()
	}
	if cfg.NotLeader == nil {
		cfg.NotLeader = func(error) bool { return false }
	}
	s := &Server{cfg: cfg, b: b}
	s.mux = s.routes()
	return s
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

func (s *Server) routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/tx", s.handleSubmit)
	mux.HandleFunc("GET /v1/tx/{hash}", s.handleTxStatus)
	mux.HandleFunc("GET /v1/batches/{n}", s.handleBatch)
	mux.HandleFunc("GET /v1/accounts/{i}", s.handleAccount)
	mux.HandleFunc("GET /v1/status", s.handleStatus)
	mux.HandleFunc("GET /v1/overview", s.handleOverview)
	mux.Handle("GET /", statuspage.Handler())
	mux.HandleFunc("GET /v1/l1", s.handleL1)
	mux.HandleFunc("GET /healthz", s.handleHealth)
	mux.HandleFunc("GET /readyz", s.handleReady)
	mux.Handle("GET /metrics", promhttp.HandlerFor(s.cfg.Metrics, promhttp.HandlerOpts{}))
	mux.HandleFunc("POST /v1/internal/tx", s.authed(s.handleForwarded))
	mux.HandleFunc("POST /v1/internal/member", s.authed(s.handleMemberAPI))
	mux.HandleFunc("GET /v1/internal/read-index", s.authed(s.handleReadIndex))
	mux.HandleFunc("GET /v1/admin/members", s.authed(s.handleMembers))
	mux.HandleFunc("POST /v1/admin/members", s.authed(s.handleAddMember))
	mux.HandleFunc("DELETE /v1/admin/members/{id}", s.authed(s.handleRemoveMember))
	mux.HandleFunc("POST /v1/admin/transfer-leadership", s.authed(s.handleTransfer))
	mux.HandleFunc("POST /v1/admin/priority", s.authed(s.handlePriority))
	mux.HandleFunc("GET /v1/admin/jobs/dead", s.authed(s.handleDeadJobs))
	mux.HandleFunc("POST /v1/admin/jobs/replay", s.authed(s.handleReplayJob))
	mux.HandleFunc("POST /v1/admin/jobs/reoffer", s.authed(s.handleReofferJob))
	mux.HandleFunc("POST /v1/admin/faults", s.authed(s.handleFaults))
	// Go's profiler, for operators chasing CPU or memory; admin only.
	mux.HandleFunc("GET /v1/admin/debug/pprof/", s.authed(pprofIndex))
	mux.HandleFunc("GET /v1/admin/debug/pprof/profile", s.authed(pprof.Profile))
	return mux
}

// authed guards admin and internal endpoints.
func (s *Server) authed(h http.HandlerFunc) http.HandlerFunc {
	want := []byte("Bearer " + s.cfg.Token)
	return func(w http.ResponseWriter, r *http.Request) {
		// The token alone is a shared secret that leaks into shells and
		// CI logs; with TLS on, the caller must also hold a key the CA
		// vouched for. The handshake already verified any certificate
		// offered, so a verified chain is all there is to check.
		if s.cfg.MutualTLS && (r.TLS == nil || len(r.TLS.VerifiedChains) == 0) {
			writeJSON(w, http.StatusForbidden, wire.ErrorBody{Error: ErrClientCert.Error()})
			return
		}
		got := []byte(r.Header.Get("Authorization"))
		if subtle.ConstantTimeCompare(got, want) != 1 {
			writeJSON(w, http.StatusUnauthorized, wire.ErrorBody{Error: ErrUnauthorized.Error()})
			return
		}
		h(w, r)
	}
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

func decodeBody(r *http.Request, v any) error {
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, maxBodyBytes))
	if err != nil {
		return fmt.Errorf("%w: body: %v", fsm.ErrTooLarge, err)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%w: %v", fsm.ErrMalformed, err)
	}
	return nil
}

// statusFor maps errors to HTTP codes: the client's fault is 4xx, a full
// mempool or unproven backlog 429, no leader or timeouts 503/504.
func (s *Server) statusFor(err error) int {
	switch {
	case errors.Is(err, wire.ErrMempoolFull), errors.Is(err, wire.ErrBacklogFull):
		return http.StatusTooManyRequests
	case errors.Is(err, wire.ErrNoLeader), errors.Is(err, wire.ErrNotCaughtUp), s.cfg.NotLeader(err):
		return http.StatusServiceUnavailable
	case errors.Is(err, wire.ErrWaitTimeout), errors.Is(err, context.DeadlineExceeded):
		return http.StatusGatewayTimeout
	case errors.Is(err, fsm.ErrNonceTooLow), errors.Is(err, fsm.ErrNonceTooHigh), errors.Is(err, wire.ErrNonceGap),
		// A stale config_index is the caller's to fix (re-read, retry), not
		// a server fault.
		errors.Is(err, wire.ErrConfigChanged):
		return http.StatusConflict
	case errors.Is(err, fsm.ErrTooLarge):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, wire.ErrUnknownMember):
		return http.StatusNotFound
	case errors.Is(err, wire.ErrMemberExists):
		return http.StatusConflict
	case errors.Is(err, fsm.ErrMalformed), errors.Is(err, fsm.ErrBadSignature),
		errors.Is(err, fsm.ErrUnknownAccount), errors.Is(err, fsm.ErrInsufficientBalance),
		errors.Is(err, fsm.ErrOverflow), errors.Is(err, fsm.ErrPriorityOrder):
		return http.StatusBadRequest
	case errors.Is(err, fsm.ErrUnknownBatch):
		return http.StatusNotFound
	}
	return http.StatusInternalServerError
}

// backlogRetryAfter is the Retry-After, in seconds, of a refusal at the
// unproven backlog's bound. The farm proves a batch every few seconds, so
// room opens on that scale; a second keeps clients from hammering a
// replica that will refuse them, without idling them long past it.
const backlogRetryAfter = 1

// Relayed is an error that carries another replica's answer (a follower
// forwarding to the leader): its status stands.
type Relayed interface {
	error
	StatusCode() int
}

func (s *Server) fail(w http.ResponseWriter, err error) {
	code := s.statusFor(err)
	var relayed Relayed
	if errors.As(err, &relayed) && relayed.StatusCode() >= 400 {
		code = relayed.StatusCode()
	}
	if code == http.StatusTooManyRequests && errors.Is(err, wire.ErrBacklogFull) {
		w.Header().Set("Retry-After", strconv.Itoa(backlogRetryAfter))
	}
	if code == http.StatusServiceUnavailable && errors.Is(err, wire.ErrNotCaughtUp) {
		// Catching up takes a heartbeat or a few batches; a read index,
		// an election.
		w.Header().Set("Retry-After", "1")
	}
	// The reason travels through a relayed answer too: it unwraps to the
	// leader's sentinel.
	writeJSON(w, code, wire.ErrorBody{Error: err.Error(), Reason: wire.ReasonOf(err)})
}

// pprofIndex serves the named profiles (heap, goroutine, ...) under the
// admin prefix.
func pprofIndex(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/v1/admin/debug/pprof/")
	if name == "" {
		pprof.Index(w, r)
		return
	}
	pprof.Handler(name).ServeHTTP(w, r)
}
