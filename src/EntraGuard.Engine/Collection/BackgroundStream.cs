using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace EntraGuard.Collection
{
    /// <summary>
    /// Runs an asynchronous producer in the background and hands its items to one synchronous consumer, so a host
    /// whose output must come from one thread (a cmdlet's pipeline thread) can run async collection code. The queue is
    /// bounded: a slow consumer slows the producer instead of piling items up in memory.
    /// </summary>
    public sealed class BackgroundStream<T> : IDisposable
    {
        private readonly BlockingCollection<T> _queue;
        private readonly CancellationTokenSource _cancel;
        private readonly Task _producer;
        private bool _disposed;

        /// <param name="producer">Receives the function that delivers one item (it blocks while the queue is
        /// full).</param>
        /// <param name="capacity">Items held between producer and consumer.</param>
        /// <param name="cancellationToken">Stops the producer (Ctrl+C).</param>
        public BackgroundStream(
            Func<Action<T>, CancellationToken, Task> producer,
            int capacity,
            CancellationToken cancellationToken
        )
        {
            if (producer is null)
                throw new ArgumentNullException(nameof(producer));
            _queue = new BlockingCollection<T>(new ConcurrentQueue<T>(), Math.Max(1, capacity));
            _cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var token = _cancel.Token;
            _producer = Task.Run(
                async () =>
                {
                    try
                    {
                        await producer(item => _queue.Add(item, token), token).ConfigureAwait(false);
                    }
                    finally
                    {
                        _queue.CompleteAdding();
                    }
                },
                CancellationToken.None
            );
        }

        /// <summary>
        /// The items, on the calling thread, in the order produced. <paramref name="idle"/> runs on the calling thread
        /// whenever no item came for <paramref name="idleInterval"/> (a host refreshes its progress there). When the
        /// producer fails, its exception is rethrown here after the items it delivered.
        /// </summary>
        public IEnumerable<T> Consume(Action? idle = null, TimeSpan? idleInterval = null)
        {
            var wait = idleInterval ?? TimeSpan.FromMilliseconds(250);
            while (true)
            {
                T item;
                bool taken;
                try
                {
                    taken = _queue.TryTake(
                        out item!,
                        idle is null ? Timeout.Infinite : (int)wait.TotalMilliseconds,
                        _cancel.Token
                    );
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                if (taken)
                {
                    yield return item;
                    continue;
                }
                if (_queue.IsCompleted)
                    break;
                idle?.Invoke();
            }
            WaitForProducer();
        }

        private void WaitForProducer()
        {
            try
            {
                _producer.GetAwaiter().GetResult();
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !_cancel.IsCancellationRequested)
            {
                ExceptionDispatchInfo.Capture(ex).Throw();
            }
            _cancel.Token.ThrowIfCancellationRequested();
        }

        /// <summary>Stops the producer and waits for it to end.</summary>
        public void Dispose()
        {
            if (_disposed)
                return;
            _disposed = true;
            _cancel.Cancel();
            try
            {
                _producer.Wait();
            }
            catch (AggregateException)
            { /* its outcome was reported by Consume, or is moot */
            }
            _cancel.Dispose();
            _queue.Dispose();
        }
    }
}
