package data

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"auditwalk/model"
)

// ErrNoSSHKeygen: ssh-keygen is not on PATH, so signatures cannot be made
// or checked here.
var ErrNoSSHKeygen = errors.New("ssh-keygen not found on PATH")

// SignPayload signs payload with the SSH private key at keyPath by running
// `ssh-keygen -Y sign -f keyPath -n auditwalk-attestation` on it: the key
// never leaves ssh-keygen, which asks for a passphrase on the terminal or
// uses the agent (prompts go to prompt). It returns the armored signature
// (SSHSIG, as ssh-keygen writes it) and the signer's public key in
// authorized_keys form, after checking the signature verifies.
func SignPayload(ctx context.Context, keyPath, payload string, prompt io.Writer) (signature, signerKey string, err error) {
	bin, err := exec.LookPath("ssh-keygen")
	if err != nil {
		return "", "", ErrNoSSHKeygen
	}
	var out, errOut bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, "-Y", "sign", "-f", keyPath, "-n", model.AttestNamespace)
	cmd.Stdin = strings.NewReader(payload)
	cmd.Stdout = &out
	cmd.Stderr = &errOut
	if prompt != nil {
		cmd.Stderr = io.MultiWriter(&errOut, filterWriter{prompt})
	}
	if err := cmd.Run(); err != nil {
		return "", "", fmt.Errorf("%s: ssh-keygen -Y sign failed: %s", keyPath, lastLine(errOut.String(), err))
	}
	signature = out.String()
	if signerKey, err = SignatureKey(signature); err != nil {
		return "", "", fmt.Errorf("%s: %w", keyPath, err)
	}
	if err := CheckSignature(ctx, payload, signature); err != nil {
		return "", "", fmt.Errorf("%s: the signature just made does not verify: %w", keyPath, err)
	}
	return signature, signerKey, nil
}

// filterWriter drops ssh-keygen's "Signing data on standard input" chatter
// but lets passphrase prompts and errors through.
type filterWriter struct{ w io.Writer }

func (f filterWriter) Write(p []byte) (int, error) {
	if strings.HasPrefix(string(p), "Signing data on standard input") {
		return len(p), nil
	}
	return f.w.Write(p)
}

func lastLine(s string, err error) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if l := strings.TrimSpace(lines[i]); l != "" && !strings.HasPrefix(l, "Signing data") {
			return model.CleanLine(l)
		}
	}
	return err.Error()
}

// CheckSignature checks that signature is a good SSHSIG signature of
// payload in the attestation namespace by the key it names
// (`ssh-keygen -Y check-novalidate`). Whether that key belongs to the
// person is for an allowed_signers file (`ssh-keygen -Y verify`).
func CheckSignature(ctx context.Context, payload, signature string) error {
	bin, err := exec.LookPath("ssh-keygen")
	if err != nil {
		return ErrNoSSHKeygen
	}
	dir, err := os.MkdirTemp("", "auditwalk-sig-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	sig := filepath.Join(dir, "payload.sig")
	if err := os.WriteFile(sig, []byte(signature), 0o600); err != nil {
		return err
	}
	var errOut bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, "-Y", "check-novalidate", "-n", model.AttestNamespace, "-s", sig)
	cmd.Stdin = strings.NewReader(payload)
	cmd.Stdout = io.Discard
	cmd.Stderr = &errOut
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("bad signature: %s", lastLine(errOut.String(), err))
	}
	return nil
}

// SignatureKey reads the signer's public key out of an armored SSHSIG
// signature and returns it in authorized_keys form ("ssh-ed25519 AAAA...").
// The blob is: "SSHSIG", uint32 version, string publickey, string
// namespace, string reserved, string hash_algorithm, string signature
// (PROTOCOL.sshsig).
func SignatureKey(armored string) (string, error) {
	body := strings.TrimSpace(armored)
	body, ok := strings.CutPrefix(body, "-----BEGIN SSH SIGNATURE-----")
	if !ok {
		return "", fmt.Errorf("not an SSH signature (no BEGIN SSH SIGNATURE line)")
	}
	body, _, ok = strings.Cut(body, "-----END SSH SIGNATURE-----")
	if !ok {
		return "", fmt.Errorf("not an SSH signature (no END SSH SIGNATURE line)")
	}
	blob, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(body), ""))
	if err != nil {
		return "", fmt.Errorf("SSH signature is not valid base64: %w", err)
	}
	rest, ok := bytes.CutPrefix(blob, []byte("SSHSIG"))
	if !ok || len(rest) < 4 {
		return "", fmt.Errorf("SSH signature lacks the SSHSIG magic")
	}
	if v := binary.BigEndian.Uint32(rest); v != 1 {
		return "", fmt.Errorf("SSH signature version %d is not 1", v)
	}
	key, rest, err := sshString(rest[4:])
	if err != nil {
		return "", err
	}
	ns, _, err := sshString(rest)
	if err != nil {
		return "", err
	}
	if string(ns) != model.AttestNamespace {
		return "", fmt.Errorf("SSH signature namespace is %q, not %s", model.CleanLine(string(ns)), model.AttestNamespace)
	}
	keyType, _, err := sshString(key)
	if err != nil {
		return "", err
	}
	return string(keyType) + " " + base64.StdEncoding.EncodeToString(key), nil
}

// KeyFingerprint is the SHA256 fingerprint of an authorized_keys line, as
// ssh-keygen -l prints it ("SHA256:...").
func KeyFingerprint(authorizedKey string) string {
	_, b64, ok := strings.Cut(authorizedKey, " ")
	if !ok {
		return ""
	}
	blob, err := base64.StdEncoding.DecodeString(strings.Fields(b64)[0])
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(blob)
	return "SHA256:" + base64.RawStdEncoding.EncodeToString(sum[:])
}

func sshString(b []byte) (s, rest []byte, err error) {
	if len(b) < 4 {
		return nil, nil, fmt.Errorf("SSH signature is truncated")
	}
	n := binary.BigEndian.Uint32(b)
	if uint64(n) > uint64(len(b)-4) {
		return nil, nil, fmt.Errorf("SSH signature is truncated")
	}
	return b[4 : 4+n], b[4+n:], nil
}
