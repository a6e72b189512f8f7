package contracts

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
)

// ReadKeystore decrypts an L1 account from a keystore file (geth's
// format) with the password in passwordFile (empty: no password).
func ReadKeystore(path, passwordFile string) (*ecdsa.PrivateKey, error) {
	if path == "" {
		return nil, errors.New("l1 keystore: no file given")
	}
	blob, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("l1 keystore: %w", err)
	}
	var pass string
	if passwordFile != "" {
		b, err := os.ReadFile(passwordFile)
		if err != nil {
			return nil, fmt.Errorf("l1 password: %w", err)
		}
		pass = strings.TrimRight(string(b), "\r\n")
	}
	k, err := keystore.DecryptKey(blob, pass)
	if err != nil {
		return nil, fmt.Errorf("l1 keystore %s: %w", path, err)
	}
	return k.PrivateKey, nil
}

// WriteKeystore stores key encrypted with light scrypt parameters: fast
// to read back, and meant for a devnet's throwaway key, not for funds.
func WriteKeystore(path string, key *ecdsa.PrivateKey, pass string) error {
	blob, err := keystore.EncryptKey(&keystore.Key{Address: crypto.PubkeyToAddress(key.PublicKey), PrivateKey: key},
		pass, keystore.LightScryptN, keystore.LightScryptP)
	if err != nil {
		return err
	}
	return os.WriteFile(path, blob, 0o600)
}

// OpenL1 is DialL1 for a sequencer replica, which needs L1 only to settle
// and only while it leads: a node that does not answer at start is logged,
// not fatal. An L1 endpoint's outage must not keep replicas from starting
// or restarting (the settlement duty retries every step, and says so); a
// URL that cannot be dialled at all still is fatal.
func OpenL1(ctx context.Context, url string, log *slog.Logger) (*ethclient.Client, error) {
	c, err := ethclient.DialContext(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("l1 %s: %w", url, err)
	}
	pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := answers(pctx, c, url); err != nil && log != nil {
		log.Warn("L1 node not answering at start; settlement keeps trying", "l1", url, "err", err)
	}
	return c, nil
}

// answers asks the node something every node knows.
func answers(ctx context.Context, c *ethclient.Client, url string) error {
	if _, err := c.ChainID(ctx); err != nil {
		return fmt.Errorf("l1 %s: %w", url, err)
	}
	return nil
}

// DialL1 connects to an L1 node and checks it answers, so that a wrong URL
// fails at start rather than at the first settlement (one-shot commands).
func DialL1(ctx context.Context, url string) (*ethclient.Client, error) {
	c, err := ethclient.DialContext(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("l1 %s: %w", url, err)
	}
	if err := answers(ctx, c, url); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}
