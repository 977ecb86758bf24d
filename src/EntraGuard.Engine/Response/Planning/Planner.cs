using System;
using System.Collections.Generic;
using System.Linq;
using EntraGuard.Collection;

namespace EntraGuard.Response.Planning
{
    /// <summary>
    /// Builds one action's plan. <see cref="Run"/> is a coroutine: it yields the reads it needs next, the engine
    /// performs the reads of every target's planner together (batched), sets their outcomes, and resumes each planner.
    /// So 45 targets need as many batched read rounds as one target does, and the planning logic reads top-down.
    /// </summary>
    internal abstract class Planner
    {
        private readonly List<DirectoryOperation> _reads = new();
        private readonly List<string> _notes = new();

        protected Planner(ResponseRequest request, PlanningContext context)
        {
            Request = request;
            Context = context;
            CorrelationId = Guid.NewGuid().ToString();
        }

        protected ResponseRequest Request { get; }
        protected PlanningContext Context { get; }
        private string CorrelationId { get; }

        /// <summary>Set when <see cref="Run"/> ends.</summary>
        public ResponsePlan? Plan { get; private set; }

        /// <summary>Yields rounds of reads; ends once <see cref="Plan"/> is set.</summary>
        public abstract IEnumerable<IReadOnlyList<DirectoryOperation>> Run();

        /// <summary>A round of reads, recorded for the plan and tagged with the action's correlation id.</summary>
        protected IReadOnlyList<DirectoryOperation> Read(params DirectoryOperation?[] reads)
        {
            var round = reads.Where(r => r != null).Select(r => r!).ToArray();
            foreach (var read in round)
                read.CorrelationId = CorrelationId;
            _reads.AddRange(round);
            return round;
        }

        protected void Note(string note) => _notes.Add(note);

        /// <summary>Ends planning with writes to make.</summary>
        protected void Proceed(Target target, string summary, string? priorState, params DirectoryOperation[] calls)
        {
            foreach (var call in calls)
                call.CorrelationId = CorrelationId;
            Plan = Build(target, summary, priorState, calls, null, null, null);
        }

        /// <summary>Ends planning without writes: already done, refused, or failed.</summary>
        protected void Decide(
            Target target,
            string summary,
            string? priorState,
            ActionStatus decision,
            string reason,
            GraphRequestException? error = null
        ) => Plan = Build(target, summary, priorState, Array.Empty<DirectoryOperation>(), decision, reason, error);

        /// <summary>Ends planning because a read failed.</summary>
        protected void Fail(Target target, string summary, DirectoryOperation failedRead) =>
            Decide(
                target,
                summary,
                null,
                ActionStatus.Failed,
                failedRead.Outcome!.Error!.Message,
                failedRead.Outcome.Error
            );

        private ResponsePlan Build(
            Target target,
            string summary,
            string? priorState,
            IReadOnlyList<DirectoryOperation> calls,
            ActionStatus? decision,
            string? reason,
            GraphRequestException? error
        ) =>
            new()
            {
                Action = Request.Action,
                Request = Request,
                TargetType = target.Type,
                TargetId = target.Id,
                TargetName = target.Name,
                Summary = summary,
                Reads = _reads.ToArray(),
                Calls = calls,
                PriorState = priorState,
                Notes = _notes.ToArray(),
                Decision = decision,
                Reason = reason,
                Error = error,
                CorrelationId = CorrelationId,
            };

        /// <summary>The self-lockout refusal, or null when <see cref="ResponseRequest.Force"/> overrides it
        /// (noted).</summary>
        protected string? SelfLockout(string what)
        {
            var reason =
                $"EntraGuard is connected as {Context.Connection}: {what} could lock EntraGuard itself out. Use "
                + $"{Context.ForceSwitch} to do it anyway.";
            if (!Request.Force)
                return reason;
            Note("self-lockout guard overridden by -Force: " + what);
            return null;
        }

        protected readonly struct Target
        {
            public Target(DirectoryObjectType type, string id, string? name)
            {
                Type = type;
                Id = id;
                Name = name;
            }

            public DirectoryObjectType Type { get; }
            public string Id { get; }
            public string? Name { get; }

            public override string ToString() =>
                Name is null
                    ? $"{DirectoryObjectTypes.Describe(Type)} {Id}"
                    : $"{DirectoryObjectTypes.Describe(Type)} '{Name}' ({Id})";
        }
    }

    /// <summary>What every planner of one run shares: who EntraGuard is connected as, where Graph is, the host's
    /// words.</summary>
    internal sealed class PlanningContext
    {
        public PlanningContext(GraphConnectionInfo connection, string forceSwitch)
        {
            Connection = new ConnectedIdentity(connection);
            ForceSwitch = forceSwitch;
        }

        public ConnectedIdentity Connection { get; }

        /// <summary>The host's name for the switch that overrides the self-lockout guard.</summary>
        public string ForceSwitch { get; }
    }

    /// <summary>The connected identity, with the comparisons the self-lockout guard makes.</summary>
    internal sealed class ConnectedIdentity
    {
        private readonly GraphConnectionInfo _info;

        public ConnectedIdentity(GraphConnectionInfo info) => _info = info;

        public string GraphBaseUrl => _info.GraphBaseUrl.TrimEnd('/');
        public string? TenantId => _info.TenantId;

        /// <summary>The account (delegated) or the app, as the journal's "connected as".</summary>
        public string Name =>
            _info.Account ?? _info.AppDisplayName ?? _info.ClientId ?? _info.ObjectId ?? "(unknown identity)";

        /// <summary>
        /// The app EntraGuard signs in through is its application and service principal: a credential removed from
        /// them, or the service principal disabled, can end EntraGuard's own access (app-only: always; delegated:
        /// for a confidential client).
        /// </summary>
        public bool Is(AppObjectState state) =>
            (_info.ClientId != null && string.Equals(state.AppId, _info.ClientId, StringComparison.OrdinalIgnoreCase))
            || (
                state.Type == DirectoryObjectType.ServicePrincipal
                && _info.ObjectId != null
                && string.Equals(state.Id, _info.ObjectId, StringComparison.OrdinalIgnoreCase)
            );

        /// <summary>The signed-in user (delegated connections).</summary>
        public bool Is(UserState user) =>
            _info.Account != null
            && (
                string.Equals(user.Id, _info.ObjectId, StringComparison.OrdinalIgnoreCase)
                || string.Equals(user.UserPrincipalName, _info.Account, StringComparison.OrdinalIgnoreCase)
            );

        public override string ToString() =>
            _info.Account != null
                ? $"user {_info.Account}" + (_info.ClientId is null ? "" : $" through app {_info.ClientId}")
                : $"app {_info.AppDisplayName ?? _info.ClientId}"
                    + (_info.ObjectId is null ? "" : $" (service principal {_info.ObjectId})");
    }
}
