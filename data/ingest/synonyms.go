package ingest

import (
	"slices"
	"strings"

	"auditwalk/model"
)

// The synonym tables map normKey'd cell values to canonical values. They are
// functions returning fresh maps so no package state is shared or mutated.

func deploymentSynonyms() map[string]model.Deployment {
	return map[string]model.Deployment{
		"api": model.DeployThirdPartyAPI, "3rd party api": model.DeployThirdPartyAPI, "third party api": model.DeployThirdPartyAPI,
		"third party": model.DeployThirdPartyAPI, "external api": model.DeployThirdPartyAPI, "vendor api": model.DeployThirdPartyAPI,
		"hosted api": model.DeployThirdPartyAPI, "cloud api": model.DeployThirdPartyAPI,
		"saas": model.DeploySaaSFeature, "saas feature": model.DeploySaaSFeature, "feature in saas": model.DeploySaaSFeature,
		"embedded": model.DeploySaaSFeature, "embedded feature": model.DeploySaaSFeature, "built in feature": model.DeploySaaSFeature,
		"saas tool": model.DeploySaaSFeature, "saas app": model.DeploySaaSFeature, "copilot": model.DeploySaaSFeature,
		"self hosted": model.DeploySelfHosted, "on prem": model.DeploySelfHosted, "on premises": model.DeploySelfHosted,
		"on premise": model.DeploySelfHosted, "hosted internally": model.DeploySelfHosted, "open source": model.DeploySelfHosted,
		"open weights": model.DeploySelfHosted, "self hosted model": model.DeploySelfHosted,
		"fine tuned": model.DeployFineTuned, "fine tune": model.DeployFineTuned, "finetuned": model.DeployFineTuned,
		"fine tuned model": model.DeployFineTuned, "custom trained": model.DeployFineTuned,
		"internal": model.DeployInternalBuild, "internal build": model.DeployInternalBuild, "in house": model.DeployInternalBuild,
		"built in house": model.DeployInternalBuild, "internally built": model.DeployInternalBuild, "custom build": model.DeployInternalBuild,
		"homegrown": model.DeployInternalBuild, "home grown": model.DeployInternalBuild,
	}
}

func dataSynonyms() map[string]model.DataCategory {
	return map[string]model.DataCategory{
		"customer": model.DataCustomer, "customer data": model.DataCustomer, "client data": model.DataCustomer,
		"client": model.DataCustomer, "customer content": model.DataCustomer, "tenant data": model.DataCustomer,
		"personal": model.DataPersonal, "personal data": model.DataPersonal, "pii": model.DataPersonal,
		"personally identifiable information": model.DataPersonal, "employee data": model.DataPersonal, "hr data": model.DataPersonal,
		"confidential": model.DataConfidential, "confidential data": model.DataConfidential, "proprietary": model.DataConfidential,
		"internal": model.DataConfidential, "internal data": model.DataConfidential, "source code": model.DataConfidential,
		"trade secrets": model.DataConfidential, "restricted": model.DataConfidential,
		"regulated": model.DataRegulated, "regulated data": model.DataRegulated, "phi": model.DataRegulated,
		"health": model.DataRegulated, "health data": model.DataRegulated, "pci": model.DataRegulated,
		"cardholder data": model.DataRegulated, "payment data": model.DataRegulated, "hipaa": model.DataRegulated,
		"public": model.DataPublic, "public data": model.DataPublic, "open data": model.DataPublic,
	}
}

func oversightSynonyms() map[string]model.Oversight {
	return map[string]model.Oversight{
		"no": model.OversightNone, "n": model.OversightNone, "false": model.OversightNone, "no oversight": model.OversightNone,
		"fully automated": model.OversightNone, "automated": model.OversightNone, "autonomous": model.OversightNone,
		"sample": model.OversightSampled, "sampling": model.OversightSampled, "spot check": model.OversightSampled,
		"spot checks": model.OversightSampled, "spot checked": model.OversightSampled, "periodic": model.OversightSampled,
		"periodic review": model.OversightSampled, "partial": model.OversightSampled, "some": model.OversightSampled,
		"every": model.OversightEvery, "every decision": model.OversightEvery, "hitl": model.OversightEvery,
		"human in the loop": model.OversightEvery, "yes": model.OversightEvery, "y": model.OversightEvery,
		"true": model.OversightEvery, "always": model.OversightEvery, "all": model.OversightEvery, "full": model.OversightEvery,
		"every output": model.OversightEvery, "all outputs": model.OversightEvery, "approval required": model.OversightEvery,
	}
}

func loggingSynonyms() map[string]model.Logging {
	return map[string]model.Logging{
		"no": model.LoggingNone, "n": model.LoggingNone, "off": model.LoggingNone, "not logged": model.LoggingNone,
		"disabled": model.LoggingNone, "false": model.LoggingNone,
		"some": model.LoggingPartial, "metadata": model.LoggingPartial, "metadata only": model.LoggingPartial,
		"sampled": model.LoggingPartial, "limited": model.LoggingPartial, "partly": model.LoggingPartial,
		"yes": model.LoggingFull, "y": model.LoggingFull, "true": model.LoggingFull, "on": model.LoggingFull,
		"all": model.LoggingFull, "complete": model.LoggingFull, "enabled": model.LoggingFull, "logged": model.LoggingFull,
	}
}

func approvalSynonyms() map[string]model.Approval {
	return map[string]model.Approval{
		"yes": model.ApprovalApproved, "y": model.ApprovalApproved, "approve": model.ApprovalApproved,
		"live": model.ApprovalApproved, "production": model.ApprovalApproved, "in production": model.ApprovalApproved,
		"active": model.ApprovalApproved, "sanctioned": model.ApprovalApproved,
		"in review": model.ApprovalPending, "under review": model.ApprovalPending, "review": model.ApprovalPending,
		"requested": model.ApprovalPending, "proposed": model.ApprovalPending, "pilot": model.ApprovalPending,
		"poc": model.ApprovalPending, "trial": model.ApprovalPending, "evaluation": model.ApprovalPending,
		"awaiting approval": model.ApprovalPending, "pending approval": model.ApprovalPending, "tbd": model.ApprovalPending,
		"shadow it": model.ApprovalShadow, "shadow ai": model.ApprovalShadow, "unapproved": model.ApprovalShadow,
		"not approved": model.ApprovalShadow, "unsanctioned": model.ApprovalShadow, "no": model.ApprovalShadow,
		"discovered":     model.ApprovalShadow,
		"decommissioned": model.ApprovalRetired, "sunset": model.ApprovalRetired, "sunsetted": model.ApprovalRetired,
		"deprecated": model.ApprovalRetired, "removed": model.ApprovalRetired, "inactive": model.ApprovalRetired,
		"retire": model.ApprovalRetired, "discontinued": model.ApprovalRetired,
	}
}

func triSynonyms() map[string]model.TriState {
	return map[string]model.TriState{
		"y": model.TriYes, "true": model.TriYes, "1": model.TriYes, "x": model.TriYes, "covered": model.TriYes,
		"signed": model.TriYes, "in place": model.TriYes, "executed": model.TriYes,
		"n": model.TriNo, "false": model.TriNo, "0": model.TriNo, "not covered": model.TriNo, "partial": model.TriNo,
		"partially": model.TriNo, "not signed": model.TriNo, "none": model.TriNo, "missing": model.TriNo,
		"": model.TriUnknown, "unknown": model.TriUnknown, "unsure": model.TriUnknown, "not sure": model.TriUnknown,
		"tbd": model.TriUnknown, "tbc": model.TriUnknown, "n a": model.TriUnknown, "pending": model.TriUnknown,
		"in progress": model.TriUnknown, "dont know": model.TriUnknown,
	}
}

func trainingSynonyms() map[string]model.Training {
	return map[string]model.Training{
		"opted out": model.TrainingOptedOut, "opt out": model.TrainingOptedOut, "optout": model.TrainingOptedOut,
		"no": model.TrainingOptedOut, "n": model.TrainingOptedOut, "false": model.TrainingOptedOut,
		"not trained": model.TrainingOptedOut, "does not train": model.TrainingOptedOut, "no training": model.TrainingOptedOut,
		"never": model.TrainingOptedOut, "excluded": model.TrainingOptedOut, "not used for training": model.TrainingOptedOut,
		"yes": model.TrainingYes, "y": model.TrainingYes, "true": model.TrainingYes, "trains": model.TrainingYes,
		"trained": model.TrainingYes, "opt in": model.TrainingYes, "opted in": model.TrainingYes,
		"used for training": model.TrainingYes, "trains on customer data": model.TrainingYes,
		"": model.TrainingUnknown, "unknown": model.TrainingUnknown, "unsure": model.TrainingUnknown,
		"not sure": model.TrainingUnknown, "tbd": model.TrainingUnknown, "tbc": model.TrainingUnknown, "n a": model.TrainingUnknown,
	}
}

// parseReport reads a SOC 2 report type however it is written: "Type II",
// "SOC2 T2", "SOC 2 Type 1", "none".
func parseReport(v string) (model.ReportType, bool) {
	k := strings.ReplaceAll(normKey(v), " ", "")
	for _, p := range []string{"soc2", "soc"} {
		if rest, ok := strings.CutPrefix(k, p); ok && rest != "" {
			k = rest
			break
		}
	}
	k = strings.TrimSuffix(strings.TrimSuffix(k, "report"), "only")
	switch k {
	case "type1", "typei", "t1", "1", "i":
		return model.ReportType1, true
	case "type2", "typeii", "t2", "2", "ii":
		return model.ReportType2, true
	case "none", "no", "na", "noreport", "n", "false", "0", "notavailable", "":
		return model.ReportNone, true
	}
	return "", false
}

func joinItems(items []string) string { return strings.Join(items, "; ") }

func containsCat(cs []model.DataCategory, c model.DataCategory) bool { return slices.Contains(cs, c) }

func containsStr(ss []string, s string) bool { return slices.Contains(ss, s) }
