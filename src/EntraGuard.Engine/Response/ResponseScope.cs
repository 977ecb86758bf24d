using System;
using System.Collections.Generic;
using System.Linq;
using EntraGuard.Detection;

namespace EntraGuard.Response
{
    /// <summary>Why a finding handed to a response is not acted on.</summary>
    public enum ResponseSkipReason
    {
        /// <summary>The finding's rule suggests another response (EG0002's removed credential is no
        /// revocation).</summary>
        OtherResponseSuggested,

        /// <summary>A rare-actor finding whose history did not reach back the whole window: the actor may not be
        /// rare.</summary>
        IncompleteHistory,

        /// <summary>The finding lacks a key the action needs (a user finding given to a credential
        /// revocation).</summary>
        MissingKeys,
    }

    /// <summary>
    /// Which findings a response acts on. Piping a whole scan into one action must not answer every finding that
    /// happens to carry the keys: only those whose rule suggests this action (unless <see cref="AnyRule"/>), and not
    /// rare-actor findings whose history was incomplete (unless <see cref="IncludeIncompleteHistory"/>). Requests
    /// that name their target directly, not a finding, are always in scope.
    /// </summary>
    public sealed class ResponseScope
    {
        public bool AnyRule { get; init; }
        public bool IncludeIncompleteHistory { get; init; }

        private readonly Dictionary<ResponseSkipReason, List<string>> _skipped = new();

        /// <summary>Whether to act on the request; when not, it is counted with its reason.</summary>
        public bool Admit(ResponseRequest request)
        {
            var reason = ReasonToSkip(request, out var what);
            if (reason is null)
                return true;
            if (!_skipped.TryGetValue(reason.Value, out var list))
                _skipped[reason.Value] = list = new List<string>();
            list.Add(what);
            return false;
        }

        /// <summary>The findings skipped, per reason: each as its risk event id or rule, with the detail.</summary>
        public IReadOnlyDictionary<ResponseSkipReason, List<string>> Skipped => _skipped;

        public int SkippedCount => _skipped.Values.Sum(l => l.Count);

        /// <summary>
        /// One clause per reason, e.g. "18 whose rule suggests another response (--any-rule)", with the host's
        /// name for the switch that includes them.
        /// </summary>
        public string DescribeSkipped(Func<ResponseSkipReason, string?> switchName) =>
            string.Join(
                ", ",
                _skipped
                    .OrderBy(s => s.Key)
                    .Select(s =>
                    {
                        var name = switchName(s.Key);
                        var clause = s.Key switch
                        {
                            ResponseSkipReason.OtherResponseSuggested => "whose rule suggests another response",
                            ResponseSkipReason.IncompleteHistory => "whose rare-actor history is incomplete",
                            _ => "lacking what the action needs",
                        };
                        return $"{s.Value.Count} {clause}" + (name is null ? "" : $" ({name} includes them)");
                    })
            );

        private ResponseSkipReason? ReasonToSkip(ResponseRequest request, out string what)
        {
            what = request.RiskEventId ?? request.RuleId ?? request.Target;
            try
            {
                request.Validate();
            }
            catch (InvalidResponseRequestException ex)
            {
                what += ": " + ex.Message;
                return ResponseSkipReason.MissingKeys;
            }
            if (
                !AnyRule
                && request.SuggestedResponse is { } suggested
                && ResponseActions.Find(suggested)?.Action is var action
                && action != request.Action
            )
            {
                what += $": {request.RuleId ?? "its rule"} suggests {suggested}";
                return ResponseSkipReason.OtherResponseSuggested;
            }
            if (!IncludeIncompleteHistory && request.HistoryComplete == false)
            {
                what += ": the history before it was incomplete";
                return ResponseSkipReason.IncompleteHistory;
            }
            return null;
        }
    }
}
