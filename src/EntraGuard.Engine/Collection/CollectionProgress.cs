using System;

namespace EntraGuard.Collection
{
    /// <summary>A snapshot of a running collection, for progress bars and verbose lines.</summary>
    public sealed class CollectionProgress
    {
        public CollectionProgress(
            string activity,
            long items,
            int pages,
            DateTimeOffset? timeReached,
            int slice,
            int slices,
            string status
        )
        {
            Activity = activity;
            Items = items;
            Pages = pages;
            TimeReached = timeReached;
            Slice = slice;
            Slices = slices;
            Status = status;
        }

        /// <summary>What is being collected ("Directory audits from Microsoft Graph").</summary>
        public string Activity { get; }

        /// <summary>Items delivered so far.</summary>
        public long Items { get; }

        /// <summary>Pages read so far.</summary>
        public int Pages { get; }

        /// <summary>The oldest time the collection has reached (it runs newest first).</summary>
        public DateTimeOffset? TimeReached { get; }

        /// <summary>1-based number of the time slice being read, of <see cref="Slices"/>.</summary>
        public int Slice { get; }

        public int Slices { get; }

        /// <summary>What is happening right now ("page 3", "waiting 4 s for the reports API limit").</summary>
        public string Status { get; }

        public override string ToString() =>
            $"{Items:N0} item(s), {Pages} page(s)"
            + (TimeReached is null ? "" : $", reached {TimeReached.Value.UtcDateTime:u}")
            + $": {Status}";
    }
}
