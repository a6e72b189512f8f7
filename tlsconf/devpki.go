package tlsconf

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// DevValidity is how long a throwaway certificate lives: long enough for
// a devnet kept running for days, short enough that a leaked one expires.
const DevValidity = 30 * 24 * time.Hour

// WriteDevPKI makes a throwaway CA and certificates signed by it, for
// devnets and tests, and writes them under dir: ca.pem, and <name>.pem
// with <name>-key.pem. A replica's certificate is for server and client
// use on the given hosts (IP addresses or DNS names); a client's (a
// watchdog, an operator) is for client use only and names no host, so it
// reaches the admin API but not Raft. The CA's key is not written:
// nothing more can be signed, which is the point of a throwaway CA. It
// returns each name's Files.
func WriteDevPKI(dir string, hosts, replicas []string, clients ...string) (map[string]Files, error) {
	if len(replicas)+len(clients) == 0 {
		return nil, errors.New("dev pki: no names")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	caTmpl := &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{CommonName: "baton throwaway devnet CA", Organization: []string{"baton devnet"}},
		NotBefore:             now.Add(-time.Minute), // clocks of processes on one host agree, but not to the nanosecond
		NotAfter:              now.Add(DevValidity),
		IsCA:                  true,
		BasicConstraintsValid: true,
		MaxPathLenZero:        true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, fmt.Errorf("dev pki: CA: %w", err)
	}
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		return nil, err
	}
	caPath := filepath.Join(dir, "ca.pem")
	if err := writePEM(caPath, "CERTIFICATE", caDER, 0o644); err != nil {
		return nil, err
	}
	out := map[string]Files{}
	for k, name := range append(slices.Clone(replicas), clients...) {
		replica := k < len(replicas)
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return nil, err
		}
		tmpl := &x509.Certificate{
			SerialNumber: serial(),
			Subject:      pkix.Name{CommonName: name, Organization: []string{"baton devnet"}},
			NotBefore:    now.Add(-time.Minute),
			NotAfter:     now.Add(DevValidity),
			KeyUsage:     x509.KeyUsageDigitalSignature,
			ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
		}
		if replica {
			tmpl.ExtKeyUsage = append(tmpl.ExtKeyUsage, x509.ExtKeyUsageServerAuth)
			for _, h := range hosts {
				if ip := net.ParseIP(h); ip != nil {
					tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
				} else {
					tmpl.DNSNames = append(tmpl.DNSNames, h)
				}
			}
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
		if err != nil {
			return nil, fmt.Errorf("dev pki: %s: %w", name, err)
		}
		keyDER, err := x509.MarshalPKCS8PrivateKey(key)
		if err != nil {
			return nil, err
		}
		f := Files{CA: caPath, Cert: filepath.Join(dir, name+".pem"), Key: filepath.Join(dir, name+"-key.pem")}
		if err := writePEM(f.Cert, "CERTIFICATE", der, 0o644); err != nil {
			return nil, err
		}
		if err := writePEM(f.Key, "PRIVATE KEY", keyDER, 0o600); err != nil {
			return nil, err
		}
		out[name] = f
	}
	return out, nil
}

func serial() *big.Int {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		// crypto/rand does not fail on the platforms Go supports.
		panic(err)
	}
	return n
}

func writePEM(path, typ string, der []byte, mode os.FileMode) error {
	b := pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der})
	if err := os.WriteFile(path, b, mode); err != nil {
		return fmt.Errorf("dev pki: %w", err)
	}
	return nil
}
