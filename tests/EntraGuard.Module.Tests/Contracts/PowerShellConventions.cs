using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Module.Tests.Contracts
{
    /// <summary>The PowerShell facts the contract rules judge against.</summary>
    public static class PowerShellConventions
    {
        /// <summary>
        /// The 100 verbs `Get-Verb` lists in PowerShell 7.4 (the fields of System.Management.Automation's VerbsCommon,
        /// VerbsCommunications, VerbsData, VerbsDiagnostic, VerbsLifecycle, VerbsOther and VerbsSecurity; 7.x added
        /// Build and Deploy to the 98 of Windows PowerShell 5.1). Compared with their exact casing.
        /// </summary>
        public static readonly IReadOnlySet<string> ApprovedVerbs = new HashSet<string>(StringComparer.Ordinal)
        {
            // Common
            "Add",
            "Clear",
            "Close",
            "Copy",
            "Enter",
            "Exit",
            "Find",
            "Format",
            "Get",
            "Hide",
            "Join",
            "Lock",
            "Move",
            "New",
            "Open",
            "Optimize",
            "Pop",
            "Push",
            "Redo",
            "Remove",
            "Rename",
            "Reset",
            "Resize",
            "Search",
            "Select",
            "Set",
            "Show",
            "Skip",
            "Split",
            "Step",
            "Switch",
            "Undo",
            "Unlock",
            "Watch",
            // Communications
            "Connect",
            "Disconnect",
            "Read",
            "Receive",
            "Send",
            "Write",
            // Data
            "Backup",
            "Checkpoint",
            "Compare",
            "Compress",
            "Convert",
            "ConvertFrom",
            "ConvertTo",
            "Dismount",
            "Edit",
            "Expand",
            "Export",
            "Group",
            "Import",
            "Initialize",
            "Limit",
            "Merge",
            "Mount",
            "Out",
            "Publish",
            "Restore",
            "Save",
            "Sync",
            "Unpublish",
            "Update",
            // Diagnostic
            "Debug",
            "Measure",
            "Ping",
            "Repair",
            "Resolve",
            "Test",
            "Trace",
            // Lifecycle
            "Approve",
            "Assert",
            "Build",
            "Complete",
            "Confirm",
            "Deny",
            "Deploy",
            "Disable",
            "Enable",
            "Install",
            "Invoke",
            "Register",
            "Request",
            "Restart",
            "Resume",
            "Start",
            "Stop",
            "Submit",
            "Suspend",
            "Uninstall",
            "Unregister",
            "Wait",
            // Other
            "Use",
            // Security
            "Block",
            "Grant",
            "Protect",
            "Revoke",
            "Unblock",
            "Unprotect",
        };

        /// <summary>Verbs whose cmdlets change state, so must support -WhatIf and -Confirm.</summary>
        public static readonly IReadOnlySet<string> StateChangingVerbs = new HashSet<string>(
            StringComparer.OrdinalIgnoreCase
        )
        {
            "Add",
            "Approve",
            "Block",
            "Clear",
            "Copy",
            "Deny",
            "Deploy",
            "Disable",
            "Dismount",
            "Edit",
            "Enable",
            "Export",
            "Grant",
            "Initialize",
            "Install",
            "Lock",
            "Mount",
            "Move",
            "New",
            "Protect",
            "Publish",
            "Register",
            "Remove",
            "Rename",
            "Repair",
            "Reset",
            "Restart",
            "Restore",
            "Resume",
            "Revoke",
            "Save",
            "Set",
            "Start",
            "Stop",
            "Submit",
            "Suspend",
            "Sync",
            "Unblock",
            "Uninstall",
            "Unlock",
            "Unprotect",
            "Unpublish",
            "Unregister",
            "Update",
        };

        /// <summary>Verbs that destroy or take away, so must also ask by default (ConfirmImpact High).</summary>
        public static readonly IReadOnlySet<string> DestructiveVerbs = new HashSet<string>(
            StringComparer.OrdinalIgnoreCase
        )
        {
            "Block",
            "Clear",
            "Deny",
            "Disable",
            "Remove",
            "Reset",
            "Restore",
            "Revoke",
            "Set",
            "Uninstall",
            "Unpublish",
            "Unregister",
        };

        /// <summary>Invoke is neutral, except when its noun names a response that changes the tenant.</summary>
        private static readonly string[] ResponseNounEndings = { "Revocation", "Remediation", "Containment" };

        public static bool ChangesState(string verb, string noun) =>
            StateChangingVerbs.Contains(verb) || IsResponseInvoke(verb, noun);

        public static bool IsDestructive(string verb, string noun) =>
            DestructiveVerbs.Contains(verb) || IsResponseInvoke(verb, noun);

        private static bool IsResponseInvoke(string verb, string noun) =>
            string.Equals(verb, "Invoke", StringComparison.OrdinalIgnoreCase)
            && ResponseNounEndings.Any(e => noun.EndsWith(e, StringComparison.OrdinalIgnoreCase));

        /// <summary>The noun prefix every EntraGuard cmdlet carries (EntraAuditEvent, EntraGuardRule, …).</summary>
        public const string NounPrefix = "Entra";

        /// <summary>
        /// Cmdlets whose names the issues fixed without the prefix, each with the reason it is kept. The lead may
        /// rename them; until then the prefix rule names them here rather than bending the rule for everyone.
        /// </summary>
        public static readonly IReadOnlyDictionary<string, string> PrefixExceptions = new Dictionary<string, string>(
            StringComparer.OrdinalIgnoreCase
        )
        {
            ["Test-RareCredentialActor"] = "name fixed by the detection issue (3), used by scheduled Pester checks",
            ["Invoke-CredentialRevocation"] =
                "name fixed by the response issue (5), chosen not to clash with Microsoft.Graph and Microsoft.Entra",
        };

        /// <summary>Nouns that end in s and are singular.</summary>
        private static readonly string[] SingularEndingsInS =
        {
            "ss",
            "us",
            "is",
            "ics",
            "Alias",
            "Canvas",
            "Series",
            "News",
        };

        /// <summary>Whether the last word of a CamelCase noun reads as a plural (EntraAuditEvents,
        /// EntraGuardRules).</summary>
        public static bool LooksPlural(string noun)
        {
            var lastWord = System.Text.RegularExpressions.Regex.Match(noun, "[A-Z]?[a-z0-9]*$").Value;
            return lastWord.EndsWith("s", StringComparison.Ordinal)
                && !SingularEndingsInS.Any(e => lastWord.EndsWith(e, StringComparison.OrdinalIgnoreCase));
        }

        /// <summary>The common parameters of every cmdlet (PowerShell 7.4) with their aliases.</summary>
        public static readonly IReadOnlyDictionary<string, string> CommonParameters = new Dictionary<string, string>(
            StringComparer.OrdinalIgnoreCase
        )
        {
            ["Verbose"] = "vb",
            ["Debug"] = "db",
            ["ErrorAction"] = "ea",
            ["WarningAction"] = "wa",
            ["InformationAction"] = "infa",
            ["ProgressAction"] = "proga",
            ["ErrorVariable"] = "ev",
            ["WarningVariable"] = "wv",
            ["InformationVariable"] = "iv",
            ["OutVariable"] = "ov",
            ["OutBuffer"] = "ob",
            ["PipelineVariable"] = "pv",
        };

        /// <summary>The parameters SupportsShouldProcess adds, with their aliases.</summary>
        public static readonly IReadOnlyDictionary<string, string> ShouldProcessParameters = new Dictionary<
            string,
            string
        >(StringComparer.OrdinalIgnoreCase)
        {
            ["WhatIf"] = "wi",
            ["Confirm"] = "cf",
        };
    }
}
