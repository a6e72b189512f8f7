package queue

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"strconv"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// Server is an embedded nats-server with JetStream on, for devnets and
// tests: the real server, in-process, storing under one directory.
// Production points --nats at an external cluster instead.
type Server struct {
	s *server.Server
}

// StartServer starts nats-server listening on addr ("127.0.0.1:0" picks a
// free port) with JetStream storing under dir, and waits until it accepts
// connections.
func StartServer(dir, addr string) (*Server, error) { return StartServerTLS(dir, addr, nil) }

// StartServerTLS is StartServer serving TLS with tc (nil: plain), and
// requiring every client to present a certificate tc's ClientCAs verify:
// the job queue carries what provers prove and what replicas accept, so
// only the cluster's own processes may publish or consume.
func StartServerTLS(dir, addr string, tc *tls.Config) (*Server, error) {
	host, portStr, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("nats listen address %q: %w", addr, err)
	}
	port, err := strconv.Atoi(portStr)
	if err != nil {
		return nil, fmt.Errorf("nats listen port %q: %w", portStr, err)
	}
	if port == 0 {
		port = server.RANDOM_PORT
	}
	var stc *tls.Config
	if tc != nil {
		stc = tc.Clone()
		stc.ClientAuth = tls.RequireAndVerifyClientCert
	}
	s, err := server.NewServer(&server.Options{
		TLSConfig:  stc,
		ServerName: "baton-embedded",
		Host:       host,
		Port:       port,
		JetStream:  true,
		StoreDir:   dir,
		NoSigs:     true, // the embedding process owns signal handling
		NoLog:      true,
		// Witnesses for large circuits travel through the object store in
		// chunks; jobs themselves stay well under this.
		MaxPayload: 8 << 20,
	})
	if err != nil {
		return nil, fmt.Errorf("nats server: %w", err)
	}
	go s.Start()
	if !s.ReadyForConnections(15 * time.Second) {
		s.Shutdown()
		return nil, errors.New("nats server did not start within 15s")
	}
	return &Server{s: s}, nil
}

// URL is the client URL to connect to.
func (s *Server) URL() string { return s.s.ClientURL() }

// Close shuts the server down and waits for it, so its store is flushed.
func (s *Server) Close() {
	s.s.Shutdown()
	s.s.WaitForShutdown()
}
