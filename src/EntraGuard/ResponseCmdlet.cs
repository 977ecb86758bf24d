using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using EntraGuard.Commands.Completion;
using EntraGuard.Graph;
using EntraGuard.Graph.Response;
using EntraGuard.Response;

namespace EntraGuard.Commands
{
    /// <summary>
    /// What the remediation cmdlets share: each pipeline object becomes a request; requests are planned and carried
    /// out 20 at a time (one Graph JSON batch); -WhatIf prints every plan and changes nothing, not even the journal;
    /// otherwise the journal's lock is taken, the plans are made from state read under it, each change is confirmed
    /// (ConfirmImpact High: runbooks pass -Confirm:$false), journaled, made, read back, and answered with one
    /// <see cref="ActionResult"/> per target, plus an error record for each that failed or was refused.
    /// </summary>
    public abstract class ResponseCmdlet : EntraGuardCmdlet
    {
        private const string Caption = "EntraGuard remediation";

        private readonly List<ResponseRequest> _pending = new();
        private ResponseScope _scope = new();
        private ResponseEngine? _engine;
        private string _journalPath = "";

        /// <summary>
        /// <para type="description">The risk event being answered; journaled with the action. Binds from
        /// Get-EntraRiskEvent output.</para>
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? RiskEventId { get; set; }

        /// <summary>
        /// <para type="description">The rule of the risk event being answered. Binds from Get-EntraRiskEvent output;
        /// with -AnyRule absent, only risk events whose rule suggests this cmdlet are acted on.</para>
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(RuleIdCompleter))]
        public string? RuleId { get; set; }

        /// <summary>
        /// <para type="description">The response the risk event's rule suggests (a cmdlet name). Binds from
        /// Get-EntraRiskEvent output.</para>
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? SuggestedResponse { get; set; }

        /// <summary>
        /// <para type="description">For a rare-actor risk event: whether the history before it covered the whole
        /// window. Binds from Get-EntraRiskEvent output; $false is skipped unless -IncludeIncompleteHistory.</para>
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public bool? HistoryComplete { get; set; }

        /// <summary>
        /// <para type="description">Act on risk events of any rule, not only those whose rule suggests this
        /// cmdlet.</para>
        /// </summary>
        [Parameter]
        public SwitchParameter AnyRule { get; set; }

        /// <summary>
        /// <para type="description">Act on rare-actor risk events too whose history did not cover the whole window
        /// (HistoryComplete $false).</para>
        /// </summary>
        [Parameter]
        public SwitchParameter IncludeIncompleteHistory { get; set; }

        /// <summary>
        /// <para type="description">The journal file. Default: $env:ENTRAGUARD_JOURNAL, else EntraGuard/journal.jsonl
        /// under the local application data folder.</para>
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? JournalPath { get; set; }

        /// <summary>
        /// <para type="description">A settings file (YAML or JSON) whose journalPath names the journal when
        /// -JournalPath is not given.</para>
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SettingsPath { get; set; }

        /// <summary>The request for the current pipeline object (the base adds the risk event it answers).</summary>
        /// <summary>The action this cmdlet performs; its name is this action's in <see
        /// cref="ResponseActions"/>.</summary>
        protected abstract ResponseAction Action { get; }

        /// <summary>The request from this cmdlet's target parameters (its action is set from <see
        /// cref="Action"/>).</summary>
        protected abstract ResponseRequest CreateRequest();

        protected override void BeginProcessing()
        {
            _journalPath = JournalLocation.Resolve(this, JournalPath, SettingsPath);
            var session = GraphConnectionState.Require(this);
            _engine = new ResponseEngine(
                new GraphDirectoryGateway(session),
                new ResponseEngineOptions { WaitClock = session.Settings.Clock }
            );
            _scope = new ResponseScope { AnyRule = AnyRule, IncludeIncompleteHistory = IncludeIncompleteHistory };
        }

        protected override void ProcessRecord()
        {
            var request = CreateRequest() with
            {
                Action = Action,
                RiskEventId = RiskEventId,
                RuleId = RuleId,
                SuggestedResponse = SuggestedResponse,
                HistoryComplete = HistoryComplete,
            };
            if (request.RuleId is null)
            {
                // Named directly, not a finding: a missing or malformed id is this item's error.
                try
                {
                    request.Validate();
                }
                catch (InvalidResponseRequestException ex)
                {
                    WriteError(ToErrorRecord(ex, "InvalidResponseRequest", request));
                    return;
                }
            }
            else if (!_scope.Admit(request))
            {
                WriteVerbose($"Skipped {request.RiskEventId ?? request.RuleId}: not in this response's scope.");
                return;
            }
            _pending.Add(request);
            if (_pending.Count >= ResponseEngine.MaxBatchSize)
                Flush();
        }

        protected override void EndProcessing()
        {
            Flush();
            if (_scope.SkippedCount > 0)
            {
                WriteWarning(
                    $"Skipped {_scope.SkippedCount} risk event(s): "
                        + _scope.DescribeSkipped(reason =>
                            reason switch
                            {
                                ResponseSkipReason.OtherResponseSuggested => "-AnyRule",
                                ResponseSkipReason.IncompleteHistory => "-IncludeIncompleteHistory",
                                _ => null,
                            }
                        )
                        + "."
                );
            }
        }

        private void Flush()
        {
            if (_pending.Count == 0)
                return;
            var requests = _pending.ToArray();
            _pending.Clear();

            if (WhatIfRequested())
            {
                // A dry run: no lock, no journal, no write.
                foreach (var plan in RunToCompletion(token => _engine!.PlanAsync(requests, token)))
                {
                    ShouldProcess(plan.ToString(), $"{plan.Summary}?", Caption);
                }
                return;
            }

            IReadOnlyList<ActionResult> results;
            // Planned under the journal's lock, from the state as it is now: another run may be acting on the same
            // objects, and a plan from an earlier read could undo its changes.
            using (var run = OpenRun())
            {
                var approved = Approve(RunToCompletion(token => run.PlanAsync(requests, token)));
                if (approved.Count == 0)
                    return;
                results = RunToCompletion(token => run.ExecuteAsync(approved, token));
            }
            foreach (var result in results)
                WriteResult(result);
        }

        /// <summary>The plans the user confirms; a plan that repeats an earlier one's change follows that
        /// plan.</summary>
        private List<ResponsePlan> Approve(IReadOnlyList<ResponsePlan> plans)
        {
            var approved = new List<ResponsePlan>();
            foreach (var plan in plans)
            {
                if (plan.SameChangeAs is { } earlier)
                {
                    if (approved.Contains(earlier))
                        approved.Add(plan);
                    continue;
                }
                if (plan.WillChange)
                    WriteVerbose(plan.ToString());
                if (!plan.WillChange || ShouldProcess(plan.ToString(), $"{plan.Summary}?", Caption))
                    approved.Add(plan);
            }
            return approved;
        }

        private ResponseRun OpenRun()
        {
            try
            {
                return _engine!.Open(_journalPath, ResponseJournal.DefaultLockWait, CancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                ThrowTerminatingError(
                    ToErrorRecord(
                        ex,
                        ex is JournalLockedException ? "JournalLocked" : "JournalUnwritable",
                        _journalPath
                    )
                );
                throw;
            }
        }

        private void WriteResult(ActionResult result)
        {
            WriteObject(result);
            if (result.Status == ActionStatus.Failed)
            {
                var error = (Exception?)result.Error ?? new InvalidOperationException(result.Detail);
                WriteError(
                    ToErrorRecord(error, result.Error is null ? "ResponseFailed" : GraphErrorId(result.Error), result)
                );
            }
            else if (result.Status == ActionStatus.Refused)
            {
                WriteError(
                    new ErrorRecord(
                        new InvalidOperationException(result.Detail),
                        "ResponseRefused",
                        ErrorCategory.InvalidOperation,
                        result
                    )
                );
            }
        }

        /// <summary>-WhatIf given, or $WhatIfPreference set: show plans, change nothing (the journal
        /// included).</summary>
        private bool WhatIfRequested() =>
            MyInvocation.BoundParameters.TryGetValue("WhatIf", out var given)
                ? LanguagePrimitives.IsTrue(given)
                : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
    }
}
