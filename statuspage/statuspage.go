// Package statuspage is the status page every replica serves at /: static
// HTML, CSS and JavaScript embedded in the binary (no build step), live
// over the replica's JSON API (/v1/overview every second, /v1/tx/{hash}
// for a transaction's journey).
package statuspage

import (
	"embed"
	"io/fs"
	"net/http"
)

//go:embed static
var files embed.FS

// Handler serves the page and its assets.
func Handler() http.Handler {
	sub, err := fs.Sub(files, "static")
	if err != nil {
		// The embedded tree is fixed at build time.
		panic(err)
	}
	return http.FileServerFS(sub)
}
