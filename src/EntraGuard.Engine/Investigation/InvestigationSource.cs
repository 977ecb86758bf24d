using System;
using System.Collections.Generic;
using System.Threading;
using EntraGuard.Collection;
using EntraGuard.Ingest;

namespace EntraGuard.Investigation
{
    /// <summary>
    /// Where an investigation reads its two logs and the targets' reach: files or Microsoft Graph. The session
    /// hands the source its plan (the distinct subjects and their merged windows); a file source reads each path once
    /// for both logs, a Graph source asks exactly the plan's queries. The correlation is the session's alone.
    /// </summary>
    public interface IInvestigationSource
    {
        /// <summary>
        /// True when the source answers the plan's queries completely, so a query's range counts as read even where
        /// it returned nothing (Graph); false when only the sign-ins returned say what was read (files).
        /// </summary>
        bool AnswersPlan { get; }

        /// <summary>
        /// The sign-ins and audit events the plan asks about (<see cref="SignInEvent"/> or <see cref="AuditEvent"/>),
        /// in any order, as the session's index does not depend on it; each log counted in its own statistics of
        /// <paramref name="reads"/>.
        /// </summary>
        IEnumerable<object> ReadLogs(
            InvestigationPlan plan,
            InvestigationReads reads,
            CancellationToken cancellationToken
        );

        /// <summary>What the target can reach; null when this source cannot say (files).</summary>
        TargetReach? ReadReach(ReachSubject subject, CancellationToken cancellationToken);
    }

    /// <summary>Sign-in and audit files or folders, each read whole in one pass that yields both logs.</summary>
    public sealed class FileInvestigationSource : IInvestigationSource
    {
        private readonly IReadOnlyList<string> _paths;
        private readonly AuditReadOptions _readOptions;

        public FileInvestigationSource(IReadOnlyList<string> paths, AuditReadOptions? readOptions = null)
        {
            _paths = paths ?? throw new ArgumentNullException(nameof(paths));
            _readOptions = readOptions ?? new AuditReadOptions();
        }

        public bool AnswersPlan => false;

        /// <summary>Both logs in one pass over each file: audit events and sign-ins in the order the files hold
        /// them.</summary>
        public IEnumerable<object> ReadLogs(
            InvestigationPlan plan,
            InvestigationReads reads,
            CancellationToken cancellationToken
        ) => AuditEventReader.ReadBothLogs(_paths, _readOptions, reads.AuditEvents, reads.SignIns, cancellationToken);

        public TargetReach? ReadReach(ReachSubject subject, CancellationToken cancellationToken) => null;
    }

    /// <summary>Whose reach to read: a service principal (roles, app permissions, grants) or a user (roles).</summary>
    public sealed record ReachSubject(string ObjectId, bool IsServicePrincipal);

    /// <summary>
    /// What a principal holds, as read from the directory. A list that could not be read is null (unknown); an empty
    /// list means read and found nothing.
    /// </summary>
    public sealed class TargetReach
    {
        /// <summary>Application permissions held, as "resource: value".</summary>
        public IReadOnlyList<string>? ApplicationPermissions { get; init; }

        /// <summary>Delegated grants, as "resource: scope", tenant-wide or per user.</summary>
        public IReadOnlyList<string>? DelegatedGrants { get; init; }

        /// <summary>Directory roles assigned directly: role definition id (built-in: the template id), name.</summary>
        public IReadOnlyList<HeldRole>? DirectoryRoles { get; init; }

        /// <summary>Directory roles assigned to a role-assignable group the principal is a member of.</summary>
        public IReadOnlyList<GroupRole>? RolesViaGroups { get; init; }

        /// <summary>Directory roles the principal may activate through Privileged Identity Management.</summary>
        public IReadOnlyList<HeldRole>? EligibleRoles { get; init; }

        /// <summary>The principal's own secrets and certificates, with their validity.</summary>
        public IReadOnlyList<HeldCredential>? Credentials { get; init; }

        /// <summary>Each list left null, with why ("eligible roles: the tenant has no Entra ID P2 licence").</summary>
        public IReadOnlyList<string> Unread { get; init; } = Array.Empty<string>();
    }

    public sealed record HeldRole(string RoleDefinitionId, string DisplayName);

    /// <summary>A role held through membership of a group: the role and the group's name.</summary>
    public sealed record GroupRole(HeldRole Role, string GroupName);

    /// <summary>A secret or certificate on a principal: its key id and when it is valid.</summary>
    public sealed record HeldCredential(string KeyId, DateTimeOffset? StartDateTime, DateTimeOffset? EndDateTime);
}
