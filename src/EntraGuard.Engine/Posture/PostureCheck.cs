using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture
{
    /// <summary>
    /// One posture check: a pure evaluator over a <see cref="TenantSnapshot"/>. Its id never changes once shipped
    /// (results, baselines, accepted deviations and Pester tags refer to it).
    /// </summary>
    public abstract class PostureCheck
    {
        protected PostureCheck(
            string id,
            string title,
            Severity severity,
            string category,
            PostureData needs,
            PostureLicence licence,
            string rationale,
            string remediation
        )
        {
            Id = id;
            Title = title;
            Severity = severity;
            Category = category;
            Needs = needs;
            Licence = licence;
            Rationale = rationale;
            Remediation = remediation;
        }

        /// <summary>EGP followed by three digits.</summary>
        public string Id { get; }

        /// <summary>What a passing tenant looks like, in a few words.</summary>
        public string Title { get; }

        public Severity Severity { get; }
        public string Category { get; }

        /// <summary>The parts of the snapshot the check reads.</summary>
        public PostureData Needs { get; }

        /// <summary>The licence without which the check does not apply.</summary>
        public PostureLicence Licence { get; }

        /// <summary>Why it matters: the attack or failure the check guards against.</summary>
        public string Rationale { get; }

        /// <summary>How to fix a failure.</summary>
        public string Remediation { get; }

        /// <summary>
        /// The framework controls the check satisfies in full: CISA SCuBA (MS.AAD.x.y), EIDSCA (EIDSCA.xxnn), CIS
        /// Microsoft 365 (CIS.M365.x.y.z) and Maester (MT.nnnn), spelt as those frameworks tag their own tests.
        /// </summary>
        public IReadOnlyList<string> Frameworks { get; protected init; } = Array.Empty<string>();

        /// <summary>The check's Pester tags: id, severity, licence and framework ids; a run selects by any.</summary>
        public IReadOnlyList<string> Tags =>
            new[] { Id, $"Severity:{Severity}", $"Licence:{Licence}" }.Concat(Frameworks).ToArray();

        /// <summary>The Graph requests behind the check.</summary>
        public IReadOnlyList<PostureDataSource> Sources => PostureDataSource.For(Needs);

        /// <summary>The permissions the check needs, least privileged.</summary>
        public IReadOnlyList<string> Permissions => PostureDataSource.PermissionsFor(Needs);

        /// <summary>The directory roles whose assignments the check reads (tenants without PIM are read role by
        /// role).</summary>
        internal virtual IReadOnlyList<string> RolesRead(PostureSettings settings) => Array.Empty<string>();

        /// <summary>Does the check judge the holders of every directory role (then tenants without PIM read every
        /// assignment, and the users read covers every role's holders)?</summary>
        internal virtual bool ReadsEveryRole => false;

        /// <summary>The sentence a NotApplicable result gives when the licence is missing.</summary>
        internal virtual string LicenceReason =>
            Licence switch
            {
                PostureLicence.EntraIdP1 => "not applicable: no Microsoft Entra ID P1 or P2 licence",
                PostureLicence.EntraIdP2 => "not applicable: no Microsoft Entra ID P2 licence",
                PostureLicence.WorkloadId => "not applicable: no Microsoft Entra Workload ID Premium licence",
                PostureLicence.Pim =>
                    "not applicable: no Microsoft Entra ID P2 or Governance licence, so PIM is not available",
                _ => "not applicable",
            };

        /// <summary>Judges the snapshot. Throws <see cref="MissingPostureDataException"/> (via the context) when a part
        /// it needs is missing.</summary>
        internal abstract CheckOutcome Evaluate(PostureContext context);

        public override string ToString() => $"{Id}: {Title}";
    }

    /// <summary>What a check's evaluation sees: the snapshot, the settings and the moment of the run.</summary>
    internal sealed class PostureContext
    {
        public PostureContext(TenantSnapshot snapshot, PostureSettings settings, DateTimeOffset now)
        {
            Snapshot = snapshot;
            Settings = settings;
            Now = now;
        }

        public TenantSnapshot Snapshot { get; }
        public PostureSettings Settings { get; }
        public DateTimeOffset Now { get; }
        public TenantLicences Licences => Snapshot.Licences;

        /// <summary>The part's value, or a <see cref="MissingPostureDataException"/> that turns the check into
        /// Skipped.</summary>
        public T Require<T>(T? value, PostureData part)
            where T : class => value ?? throw Missing(part);

        public bool Require(bool? value, PostureData part) => value ?? throw Missing(part);

        /// <summary>The Conditional Access policies, or Skipped when they could not be read.</summary>
        public IReadOnlyList<ConditionalAccessPolicy> ConditionalAccessPolicies() =>
            Require(Snapshot.ConditionalAccessPolicies, PostureData.ConditionalAccessPolicies);

        /// <summary>Why a part is missing, for evidence and reasons.</summary>
        public string ProblemWith(PostureData part) =>
            Snapshot.Unavailable.TryGetValue(part, out var problem) ? problem : "it was not read";

        private MissingPostureDataException Missing(PostureData part) =>
            new(part, $"could not read {Snapshot.SourceOf(part)}: {ProblemWith(part)}");
    }

    /// <summary>A part of the snapshot a check needs is missing; the check is reported as Skipped with this
    /// message.</summary>
    internal sealed class MissingPostureDataException : Exception
    {
        public MissingPostureDataException(PostureData part, string message)
            : base(message) => Part = part;

        public PostureData Part { get; }
    }

    /// <summary>A check's verdict before accepted deviations and baselines are applied.</summary>
    internal sealed class CheckOutcome
    {
        private CheckOutcome(
            PostureStatus status,
            string reason,
            IReadOnlyList<string> evidence,
            IReadOnlyList<PostureFinding> findings
        )
        {
            Status = status;
            Reason = reason;
            Evidence = evidence;
            Findings = findings;
        }

        public PostureStatus Status { get; }

        /// <summary>For a failure: the headline that the unaccepted findings complete.</summary>
        public string Reason { get; }

        public IReadOnlyList<string> Evidence { get; }
        public IReadOnlyList<PostureFinding> Findings { get; }

        public static CheckOutcome Pass(string reason, IEnumerable<string> evidence) =>
            new(PostureStatus.Passed, reason, evidence.ToArray(), Array.Empty<PostureFinding>());

        public static CheckOutcome NotApplicable(string reason, IEnumerable<string> evidence) =>
            new(PostureStatus.NotApplicable, reason, evidence.ToArray(), Array.Empty<PostureFinding>());

        public static CheckOutcome Skip(string reason, IEnumerable<string> evidence) =>
            new(PostureStatus.Skipped, reason, evidence.ToArray(), Array.Empty<PostureFinding>());

        /// <summary>Failed when there are findings, else passed with <paramref name="passReason"/>.</summary>
        public static CheckOutcome FromFindings(
            IReadOnlyList<PostureFinding> findings,
            string failHeadline,
            string passReason,
            IEnumerable<string> evidence
        ) =>
            findings.Count == 0
                ? Pass(passReason, evidence)
                : new(PostureStatus.Failed, failHeadline, evidence.ToArray(), findings);
    }
}
