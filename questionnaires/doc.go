// Package questionnaires loads and validates questionnaire packs: YAML files
// of sections, controls and questions that drive a walkthrough. The built-in
// packs are embedded in the binary; custom packs load from files or a
// directory. Every problem found while loading is reported as
// "file:line: message", all of them at once, sorted by line, so a pack author
// can fix a file in one pass.
//
// The pack format is documented in FORMAT.md. Control narratives are Go
// text/templates; RenderNarrative renders one for a subject (the organisation
// or one AI system) from its answers.
package questionnaires
