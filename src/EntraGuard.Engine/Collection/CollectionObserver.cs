using System;

namespace EntraGuard.Collection
{
    /// <summary>What a host wants to hear while a collection runs. Called on the collector's thread.</summary>
    public sealed class CollectionObserver
    {
        public static readonly CollectionObserver None = new();

        /// <summary>A new progress snapshot (after each page, and while waiting).</summary>
        public Action<CollectionProgress>? Progress { get; init; }

        /// <summary>Something the admin should know that does not stop the collection.</summary>
        public Action<string>? Warning { get; init; }

        /// <summary>Detail for verbose output (retries, fallbacks).</summary>
        public Action<string>? Verbose { get; init; }
    }
}
