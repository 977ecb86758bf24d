using System;

namespace EntraGuard.Collection
{
    /// <summary>A query over one of Graph's activity logs: a time range and the conditions an event must meet (applied
    /// again to every event read, for files and for a server that filters loosely).</summary>
    public interface ILogQuery<in TEvent>
    {
        DateTimeOffset Since { get; }
        DateTimeOffset Until { get; }

        /// <summary>Checks the query before any request; throws <see cref="ArgumentException"/> naming what is
        /// wrong.</summary>
        void Validate();

        bool Matches(TEvent logEvent);

        /// <summary>The line after a collection from Graph: the window read and what it held.</summary>
        string DescribeWindow(long delivered);
    }
}
