package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

var flagLine = regexp.MustCompile(`^\s+-([a-z0-9][a-z0-9-]*)`)

// batonFlags asks this binary, run as baton, which flags a subcommand
// accepts (its --help output), so the check follows the code.
func batonFlags(t *testing.T, sub []string) map[string]bool {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, append(slices.Clone(sub), "--help")...)
	cmd.Env = append(os.Environ(), runMainEnv+"=1")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	_ = cmd.Run() // --help exits 2
	flags := map[string]bool{}
	for _, line := range strings.Split(out.String(), "\n") {
		if m := flagLine.FindStringSubmatch(line); m != nil {
			flags[m[1]] = true
		}
	}
	if len(flags) == 0 {
		t.Fatalf("baton %s --help lists no flags:\n%s", strings.Join(sub, " "), out.String())
	}
	return flags
}

// batonInvocation is one place deploy/ runs baton.
type batonInvocation struct {
	where string
	args  []string
	env   []string // BATON_* names set for it
}

// checkInvocations: each names a subcommand baton has and only flags it
// accepts; each BATON_* variable names a flag baton has.
func checkInvocations(t *testing.T, invs []batonInvocation) {
	t.Helper()
	cache := map[string]map[string]bool{}
	for _, inv := range invs {
		if len(inv.args) == 0 {
			t.Errorf("%s: baton without a subcommand", inv.where)
			continue
		}
		sub := inv.args[:1]
		if sub[0] == "l1" || sub[0] == "bench" || sub[0] == "tx" {
			sub = inv.args[:2]
		}
		known := slices.ContainsFunc(commands(), func(c command) bool { return c.name == sub[0] })
		if !known {
			t.Errorf("%s: %q is no baton subcommand", inv.where, sub[0])
			continue
		}
		key := strings.Join(sub, " ")
		if cache[key] == nil {
			cache[key] = batonFlags(t, sub)
		}
		flags := cache[key]
		for _, a := range inv.args[len(sub):] {
			if !strings.HasPrefix(a, "-") {
				continue
			}
			name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
			if !flags[name] {
				t.Errorf("%s: baton %s has no flag --%s", inv.where, key, name)
			}
		}
	}
	// Environment variables are shared by services with different
	// subcommands (a compose anchor): each must set a flag of some
	// subcommand in use, where a subcommand without it ignores it.
	all := map[string]bool{}
	for _, flags := range cache {
		for f := range flags {
			all[f] = true
		}
	}
	for _, inv := range invs {
		for _, e := range inv.env {
			name := strings.ReplaceAll(strings.ToLower(strings.TrimPrefix(e, "BATON_")), "_", "-")
			if !all[name] {
				t.Errorf("%s: %s sets no flag of any baton subcommand used", inv.where, e)
			}
		}
	}
}

// TestDeployCommandsAreBatons parses the compose file and the Kubernetes
// manifests (Docker is not available here, so they are checked, not run)
// and checks every baton command line in them against the binary.
func TestDeployCommandsAreBatons(t *testing.T) {
	var invs []batonInvocation

	b, err := os.ReadFile("../../deploy/compose/docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	js, err := yaml.YAMLToJSON(b)
	if err != nil {
		t.Fatalf("compose file: %v", err)
	}
	var compose struct {
		Services map[string]struct {
			Image       string            `json:"image"`
			Command     []string          `json:"command"`
			Environment map[string]string `json:"environment"`
		} `json:"services"`
	}
	if err := json.Unmarshal(js, &compose); err != nil {
		t.Fatalf("compose file: %v", err)
	}
	for name, s := range compose.Services {
		if s.Image != "baton" {
			continue
		}
		var env []string
		for k := range s.Environment {
			if strings.HasPrefix(k, "BATON_") {
				env = append(env, k)
			}
		}
		invs = append(invs, batonInvocation{where: "compose service " + name, args: s.Command, env: env})
	}
	if len(invs) < 9 {
		t.Fatalf("compose: %d baton services, want setup, l1-deploy, 3 sequencers, 2 provers, 2 watchdogs", len(invs))
	}

	manifests, _ := filepath.Glob("../../deploy/k8s/*.yaml")
	kinds := map[string]int{}
	for _, path := range manifests {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for i, doc := range strings.Split(string(b), "\n---\n") {
			js, err := yaml.YAMLToJSON([]byte(doc))
			if err != nil {
				t.Fatalf("%s document %d: %v", path, i, err)
			}
			var obj struct {
				Kind string `json:"kind"`
				Spec struct {
					Template struct {
						Spec struct {
							Containers []struct {
								Name  string   `json:"name"`
								Image string   `json:"image"`
								Args  []string `json:"args"`
								Env   []struct {
									Name string `json:"name"`
								} `json:"env"`
								LivenessProbe  *json.RawMessage `json:"livenessProbe"`
								ReadinessProbe *json.RawMessage `json:"readinessProbe"`
							} `json:"containers"`
						} `json:"spec"`
					} `json:"template"`
				} `json:"spec"`
			}
			if err := json.Unmarshal(js, &obj); err != nil {
				t.Fatalf("%s document %d: %v", path, i, err)
			}
			kinds[obj.Kind]++
			for _, c := range obj.Spec.Template.Spec.Containers {
				if !strings.HasPrefix(c.Image, "baton:") {
					continue
				}
				var env []string
				for _, e := range c.Env {
					if strings.HasPrefix(e.Name, "BATON_") {
						env = append(env, e.Name)
					}
				}
				where := filepath.Base(path) + " " + obj.Kind + " " + c.Name
				invs = append(invs, batonInvocation{where: where, args: c.Args, env: env})
				if obj.Kind == "StatefulSet" && (c.LivenessProbe == nil || c.ReadinessProbe == nil) {
					t.Errorf("%s: sequencers need liveness (/healthz) and readiness (/readyz) probes", where)
				}
			}
		}
	}
	for _, k := range []string{"StatefulSet", "Deployment", "PodDisruptionBudget", "ServiceMonitor", "Service"} {
		if kinds[k] == 0 {
			t.Errorf("no %s in deploy/k8s", k)
		}
	}
	checkInvocations(t, invs)
	t.Logf("%d baton command lines checked; manifests: %v", len(invs), kinds)
}
