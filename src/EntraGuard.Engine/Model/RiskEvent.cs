using System;
using System.Collections.Generic;

namespace EntraGuard
{
    /// <summary>Whether the initiator of an activity was a user or an application (service principal).</summary>
    public enum ActorType
    {
        Unknown = 0,
        User = 1,
        App = 2,
    }

    /// <summary>An object a risk event concerns.</summary>
    public sealed class RiskTarget
    {
        public RiskTarget(string? id, string? name, string? type)
        {
            Id = id;
            Name = name;
            Type = type;
        }

        public string? Id { get; }
        public string? Name { get; }

        /// <summary>User, Group, ServicePrincipal, Application, … as the audit record names it.</summary>
        public string? Type { get; }

        public override string ToString() => Name ?? Id ?? "(unnamed)";
    }

    /// <summary>
    /// One finding: a rule matched audit evidence. Carries who did what to what, the evidence, the rule's guidance,
    /// and flat responder keys (<see cref="ServicePrincipalId"/>, <see cref="KeyId"/>, <see cref="UserId"/>,
    /// <see cref="GroupId"/>, …) named so that PowerShell binds them by property name into the response cmdlets.
    /// </summary>
    public sealed class RiskEvent
    {
        /// <summary><see cref="Source"/> of findings made by EntraGuard's rules.</summary>
        public const string RuleSource = "rule";

        /// <summary>
        /// Stable identity: the rule id and a hash of the rule id and the sorted evidence event ids. The same evidence
        /// always gives the same id, so overlapping scheduled scans de-duplicate.
        /// </summary>
        public string RiskEventId { get; init; } = "";

        public string RuleId { get; init; } = "";
        public string RuleName { get; init; } = "";
        public Severity Severity { get; init; }

        /// <summary>0–100.</summary>
        public int RiskScore { get; init; }

        /// <summary>MITRE ATT&amp;CK tactic ids (TA…).</summary>
        public IReadOnlyList<string> Tactics { get; init; } = Array.Empty<string>();

        /// <summary>MITRE ATT&amp;CK technique ids (T…).</summary>
        public IReadOnlyList<string> Techniques { get; init; } = Array.Empty<string>();

        /// <summary>When the activity that completed the evidence happened.</summary>
        public DateTimeOffset TimeGenerated { get; init; }

        /// <summary>The initiating user's object id (or UPN), else the app's service principal id (or app
        /// id).</summary>
        public string? ActorId { get; init; }

        /// <summary>The initiator's UPN or the app's display name.</summary>
        public string? ActorName { get; init; }

        public ActorType ActorType { get; init; }

        /// <summary>The initiating app's application (client) id, when an app acted.</summary>
        public string? AppId { get; init; }

        /// <summary>The initiating app's service principal object id (the target's is <see
        /// cref="ServicePrincipalId"/>).</summary>
        public string? ActorServicePrincipalId { get; init; }

        public string? IpAddress { get; init; }
        public string? UserAgent { get; init; }

        /// <summary>The principal target: the object the rule is about.</summary>
        public string? TargetId { get; init; }

        public string? TargetName { get; init; }
        public string? TargetType { get; init; }

        /// <summary>Every object the evidence touched, in order of first appearance.</summary>
        public IReadOnlyList<RiskTarget> Targets { get; init; } = Array.Empty<RiskTarget>();

        /// <summary>Ids of the audit events behind the finding, in time order.</summary>
        public IReadOnlyList<string> EventIds { get; init; } = Array.Empty<string>();

        /// <summary>
        /// For rare-term findings only: false when the data did not reach back the full history window before the
        /// event, so "never seen before" only holds for the part that was available. Null for other kinds.
        /// </summary>
        public bool? HistoryComplete { get; init; }

        public bool Suppressed { get; internal set; }
        public string? SuppressionJustification { get; internal set; }

        public IReadOnlyList<string> InvestigationSteps { get; init; } = Array.Empty<string>();
        public IReadOnlyList<string> FalsePositives { get; init; } = Array.Empty<string>();

        /// <summary>The EntraGuard cmdlet that answers this finding (its keys below bind from the pipeline).</summary>
        public string? SuggestedResponse { get; init; }

        /// <summary><c>rule</c> for EntraGuard's detections; other producers name themselves.</summary>
        public string Source { get; init; } = RuleSource;

        // Responder keys: flat so that `| Invoke-CredentialRevocation` and friends bind them by property name.

        /// <summary>The TARGET service principal's object id (credential and consent rules).</summary>
        public string? ServicePrincipalId { get; init; }

        /// <summary>The target application's object id.</summary>
        public string? ApplicationId { get; init; }

        /// <summary>The key identifier of the credential added (or, for removals, removed).</summary>
        public string? KeyId { get; init; }

        /// <summary>Password, AsymmetricX509Cert, … of that credential.</summary>
        public string? KeyType { get; init; }

        /// <summary>The user the suggested response acts on (the target user, or the initiating user where the
        /// rule's response is about the actor).</summary>
        public string? UserId { get; init; }

        public string? GroupId { get; init; }

        /// <summary>The member removed from or added to <see cref="GroupId"/>.</summary>
        public string? MemberId { get; init; }

        public override string ToString() =>
            $"{TimeGenerated.UtcDateTime:u} {RuleId} {Severity.ToName()} {ActorName ?? ActorId ?? "(unknown)"} -> "
            + $"{TargetName ?? TargetId ?? "(none)"}";
    }
}
