using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace EntraGuard.Response
{
    /// <summary>What a response action takes besides the target's kind: the inputs a host binds for it.</summary>
    [Flags]
    public enum ResponseInputs
    {
        None = 0,

        /// <summary>A key id, with the service principal and/or application that holds it.</summary>
        Credential = 1,
        ServicePrincipal = 2,
        User = 4,

        /// <summary>A group and the member to add back.</summary>
        GroupMember = 8,

        /// <summary>When the answered activity happened (sessions revoked since then count as done).</summary>
        EventTime = 16,

        /// <summary>A temporary access pass's lifetime and whether it may be used more than once.</summary>
        PassSettings = 32,

        /// <summary>The self-lockout guard applies; the host's force switch overrides it.</summary>
        SelfLockoutGuard = 64,
    }

    /// <summary>One response action under each of its names.</summary>
    public sealed class ResponseActionInfo
    {
        internal ResponseActionInfo(
            ResponseAction action,
            string cmdlet,
            ResponseInputs inputs,
            string description,
            bool rulesMaySuggest,
            params string[] verbAliases
        )
        {
            Action = action;
            Key = char.ToLowerInvariant(action.ToString()[0]) + action.ToString().Substring(1);
            Verb = KebabCase(action.ToString());
            VerbAliases = verbAliases;
            Cmdlet = cmdlet;
            Inputs = inputs;
            Description = description;
            RulesMaySuggest = rulesMaySuggest;
        }

        public ResponseAction Action { get; }

        /// <summary>The action's name in rule files (<c>response: { action: … }</c>) and JSON: the enum name, camel
        /// case.</summary>
        public string Key { get; }

        /// <summary>The <c>entraguard respond</c> verb: the enum name in kebab case.</summary>
        public string Verb { get; }

        /// <summary>Shorter verbs earlier releases used; the CLI still takes them.</summary>
        public IReadOnlyList<string> VerbAliases { get; }

        /// <summary>The cmdlet that performs the action (what a finding's SuggestedResponse names).</summary>
        public string Cmdlet { get; }

        public ResponseInputs Inputs { get; }

        /// <summary>One sentence, for help text.</summary>
        public string Description { get; }

        /// <summary>False for the undo actions (enable again): no detection calls for them.</summary>
        public bool RulesMaySuggest { get; }

        public bool Takes(ResponseInputs inputs) => (Inputs & inputs) == inputs;

        public override string ToString() => Key;

        private static string KebabCase(string pascal)
        {
            var text = new StringBuilder(pascal.Length + 8);
            foreach (var c in pascal)
            {
                if (char.IsUpper(c) && text.Length > 0)
                    text.Append('-');
                text.Append(char.ToLowerInvariant(c));
            }
            return text.ToString();
        }
    }

    /// <summary>
    /// The response actions under all their names — enum, rule-file key, CLI verb, cmdlet — in one table, so a host,
    /// a rule file and a finding always mean the same action.
    /// </summary>
    public static class ResponseActions
    {
        public static IReadOnlyList<ResponseActionInfo> All { get; } =
            new[]
            {
                new ResponseActionInfo(
                    ResponseAction.RevokeCredential,
                    "Invoke-CredentialRevocation",
                    ResponseInputs.Credential | ResponseInputs.SelfLockoutGuard,
                    "Remove a client secret or certificate (by key id) from a service principal and/or its "
                        + "application.",
                    rulesMaySuggest: true
                ),
                new ResponseActionInfo(
                    ResponseAction.DisableServicePrincipal,
                    "Disable-EntraServicePrincipal",
                    ResponseInputs.ServicePrincipal | ResponseInputs.SelfLockoutGuard,
                    "Disable a service principal (accountEnabled false).",
                    rulesMaySuggest: true
                ),
                new ResponseActionInfo(
                    ResponseAction.EnableServicePrincipal,
                    "Enable-EntraServicePrincipal",
                    ResponseInputs.ServicePrincipal,
                    "Enable a service principal again.",
                    rulesMaySuggest: false
                ),
                new ResponseActionInfo(
                    ResponseAction.RevokeUserSession,
                    "Revoke-EntraUserSession",
                    ResponseInputs.User | ResponseInputs.EventTime | ResponseInputs.SelfLockoutGuard,
                    "Revoke a user's sign-in sessions (refresh tokens and session cookies).",
                    rulesMaySuggest: true,
                    "revoke-sessions"
                ),
                new ResponseActionInfo(
                    ResponseAction.DisableUser,
                    "Disable-EntraUser",
                    ResponseInputs.User | ResponseInputs.SelfLockoutGuard,
                    "Disable a user account.",
                    rulesMaySuggest: true
                ),
                new ResponseActionInfo(
                    ResponseAction.EnableUser,
                    "Enable-EntraUser",
                    ResponseInputs.User,
                    "Enable a user account again.",
                    rulesMaySuggest: false
                ),
                new ResponseActionInfo(
                    ResponseAction.RestoreGroupMember,
                    "Restore-EntraGroupMember",
                    ResponseInputs.GroupMember,
                    "Add a removed member back to a group (members/$ref).",
                    rulesMaySuggest: true,
                    "restore-member"
                ),
                new ResponseActionInfo(
                    ResponseAction.IssueTemporaryAccessPass,
                    "New-EntraTemporaryAccessPass",
                    ResponseInputs.User | ResponseInputs.PassSettings,
                    "Issue a temporary access pass so a user can register security info again (printed once).",
                    rulesMaySuggest: true,
                    "issue-tap"
                ),
            };

        public static ResponseActionInfo Of(ResponseAction action) => All.First(a => a.Action == action);

        /// <summary>
        /// The action a name means — its key, CLI verb (or alias) or cmdlet, any case — or null for a name EntraGuard
        /// does not perform.
        /// </summary>
        public static ResponseActionInfo? Find(string? name) =>
            name is null
                ? null
                : All.FirstOrDefault(a =>
                    Same(a.Key, name)
                    || Same(a.Cmdlet, name)
                    || Same(a.Verb, name)
                    || a.VerbAliases.Any(alias => Same(alias, name))
                );

        private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
    }
}
