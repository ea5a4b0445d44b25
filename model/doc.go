// Package model is the auditwalk domain: questionnaire packs, answers,
// engagements, AI systems and vendors, with the rules that score and scope
// them. It imports nothing but the standard library so that every other
// package (storage, import, export, TUI) can depend on it.
package model
