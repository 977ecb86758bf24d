using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using EntraGuard.Collection;

namespace EntraGuard.Response
{
    /// <summary>
    /// The directory as the response engine sees it. EntraGuard.Graph implements it over its one Graph session (the
    /// real SDK, JSON batching); tests implement it in memory. The engine decides what to send and in which batches;
    /// the gateway only performs them.
    /// </summary>
    public interface IDirectoryGateway
    {
        /// <summary>Who EntraGuard is connected as: the self-lockout guard compares targets with it.</summary>
        Task<GraphConnectionInfo> GetConnectionAsync(CancellationToken cancellationToken);

        /// <summary>
        /// Performs up to <see cref="ResponseEngine.MaxBatchSize"/> independent operations (one Graph JSON batch, or
        /// a plain request for a single one) and returns one outcome per operation, in order. A failure of one
        /// operation is its outcome, never an exception; a request of a batch answered 429 comes back
        /// <see cref="OperationOutcome.Throttled"/> so the engine can retry it alone. Throws
        /// <see cref="GraphRequestException"/> only when the whole exchange failed (no outcome for any).
        /// </summary>
        Task<IReadOnlyList<OperationOutcome>> SendAsync(
            IReadOnlyList<DirectoryOperation> operations,
            CancellationToken cancellationToken
        );
    }
}
