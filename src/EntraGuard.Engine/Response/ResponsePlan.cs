using System;
using System.Collections.Generic;
using System.Text;
using EntraGuard.Collection;

namespace EntraGuard.Response
{
    /// <summary>
    /// What one remediation will do, decided from the state read first: the exact write calls (method, endpoint,
    /// body without secrets), or the reason none is needed or allowed (<see cref="Decision"/>). -WhatIf and the CLI's
    /// dry run show it and stop; execution journals it, then makes the calls.
    /// </summary>
    public sealed class ResponsePlan
    {
        public ResponseAction Action { get; init; }
        public ResponseRequest Request { get; init; } = null!;
        public DirectoryObjectType TargetType { get; init; }
        public string TargetId { get; init; } = "";
        public string? TargetName { get; init; }

        /// <summary>One line: what will be done to what.</summary>
        public string Summary { get; init; } = "";

        /// <summary>The reads made to build the plan.</summary>
        public IReadOnlyList<DirectoryOperation> Reads { get; init; } = Array.Empty<DirectoryOperation>();

        /// <summary>
        /// The writes to make; empty when <see cref="Decision"/> is set. A real run builds certificate writes again
        /// from a read made right before them, so after execution these are the calls that were made.
        /// </summary>
        public IReadOnlyList<DirectoryOperation> Calls { get; internal set; } = Array.Empty<DirectoryOperation>();

        /// <summary>The state read, as compact JSON without secret values (what the journal keeps).</summary>
        public string? PriorState { get; init; }

        /// <summary>Things worth knowing: certificates kept, a guard overridden, extra permissions needed.</summary>
        public IReadOnlyList<string> Notes { get; init; } = Array.Empty<string>();

        /// <summary>AlreadyDone, Refused or Failed when no call is to be made; null when <see cref="Calls"/> will
        /// run.</summary>
        public ActionStatus? Decision { get; init; }

        /// <summary>Why the decision was taken.</summary>
        public string? Reason { get; init; }

        /// <summary>The Graph error behind a Failed decision.</summary>
        public GraphRequestException? Error { get; init; }

        /// <summary>Sent as client-request-id with every call of this action, and journaled.</summary>
        public string CorrelationId { get; init; } = "";

        public bool WillChange => Decision is null;

        /// <summary>
        /// An earlier plan of the same run that makes exactly these calls (two findings about one credential): the
        /// calls are made once, for that plan, and this one reports the outcome.
        /// </summary>
        public ResponsePlan? SameChangeAs { get; internal set; }

        /// <summary>The target for people: its name and id.</summary>
        public string Target => TargetName is null ? TargetId : $"{TargetName} ({TargetId})";

        /// <summary>The full plan, as -WhatIf and the dry run print it.</summary>
        public override string ToString()
        {
            var text = new StringBuilder(Summary);
            foreach (var read in Reads)
                text.Append("\n  read:  ").Append(read);
            if (PriorState != null)
                text.Append("\n  state: ").Append(PriorState);
            foreach (var call in Calls)
                text.Append("\n  call:  ").Append(call);
            foreach (var note in Notes)
                text.Append("\n  note:  ").Append(note);
            if (SameChangeAs != null)
                text.Append("\n  note:  the same change as planned for ")
                    .Append(SameChangeAs.Target)
                    .Append(" above: made once");
            if (Decision != null)
                text.Append("\n  ").Append(Decision).Append(": ").Append(Reason);
            return text.ToString();
        }
    }
}
