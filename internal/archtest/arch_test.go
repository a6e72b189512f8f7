// Package archtest holds the layout rules of issue 15 as tests, so the
// floors above fsm/ do not grow open-plan again unnoticed.
package archtest

import (
	"bufio"
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const (
	maxFuncLines   = 100
	maxMethods     = 30
	maxCmdLines    = 1500
	circuitFileTag = "circuit" // prover's gnark circuits are exempt from the length rule
)

// root is the module's root: two levels above this package.
func root(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		t.Fatalf("module root not at %s: %v", dir, err)
	}
	return dir
}

// sources calls f for every non-test Go file of the module outside
// generated bindings and dependencies.
func sources(t *testing.T, f func(rel string, src []byte)) {
	t.Helper()
	base := root(t)
	err := filepath.WalkDir(base, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p != base && (strings.HasPrefix(name, ".") || name == "node_modules" || name == "bindings" || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(base, p)
		f(filepath.ToSlash(rel), src)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestNoLongFunctionsOrWideTypes(t *testing.T) {
	fset := token.NewFileSet()
	methods := map[string]int{}
	sources(t, func(rel string, src []byte) {
		file, err := parser.ParseFile(fset, rel, src, 0)
		if err != nil {
			t.Errorf("%s: %v", rel, err)
			return
		}
		for _, decl := range file.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok {
				continue
			}
			name := fd.Name.Name
			if recv := receiver(fd); recv != "" {
				methods[filepath.Dir(rel)+"."+recv]++
				name = recv + "." + name
			}
			lines := fset.Position(fd.End()).Line - fset.Position(fd.Pos()).Line + 1
			exempt := strings.HasPrefix(rel, "prover/") && strings.Contains(filepath.Base(rel), circuitFileTag)
			if lines > maxFuncLines && !exempt {
				t.Errorf("%s: %s is %d lines (at most %d)", rel, name, lines, maxFuncLines)
			}
		}
	})
	for typ, n := range methods {
		if n > maxMethods {
			t.Errorf("%s has %d methods (at most %d)", typ, n, maxMethods)
		}
	}
}

func receiver(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return ""
	}
	e := fd.Recv.List[0].Type
	if s, ok := e.(*ast.StarExpr); ok {
		e = s.X
	}
	switch x := e.(type) {
	case *ast.IndexExpr:
		e = x.X
	case *ast.IndexListExpr:
		e = x.X
	}
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// cmd/baton parses flags and wires packages; the work lives elsewhere.
func TestCmdIsWiringOnly(t *testing.T) {
	total := 0
	sources(t, func(rel string, src []byte) {
		if filepath.Dir(rel) == "cmd/baton" {
			total += bytes.Count(src, []byte("\n"))
		}
	})
	if total > maxCmdLines {
		t.Errorf("cmd/baton has %d non-test lines (at most %d): move the work into a package", total, maxCmdLines)
	}
}

// JetStream's types stay inside queue/: everyone else settles messages
// through queue.Delivery.
func TestJetStreamOnlyInQueue(t *testing.T) {
	sources(t, func(rel string, src []byte) {
		if strings.HasPrefix(rel, "queue/") {
			return
		}
		sc := bufio.NewScanner(bytes.NewReader(src))
		for sc.Scan() {
			if strings.Contains(sc.Text(), `"github.com/nats-io/nats.go/jetstream"`) {
				t.Errorf("%s imports jetstream; use queue's Delivery and Subjects", rel)
			}
		}
	})
}

// The watchdog talks to replicas over HTTP (wire): it links neither Raft
// nor an Ethereum client, nor NATS (provers' heartbeats reach it through
// its Liveness interface, which queue implements).
func TestWatchdogDependencies(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", "./watchdog")
	cmd.Dir = root(t)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.Contains(dep, "hashicorp/raft") || strings.Contains(dep, "go-ethereum") || strings.Contains(dep, "nats-io/") {
			t.Errorf("watchdog depends on %s", dep)
		}
	}
}
