using System;
using System.Collections;
using System.Collections.Generic;

namespace EntraGuard.Memory
{
    /// <summary>
    /// An append-only list held in chunks that double from 8 items up to 256 and then stay at 256. Growing it never
    /// copies what it holds nor leaves a discarded array behind, and the unused room is at most one chunk: a List
    /// doubling towards tens of thousands of held items leaves its outgrown arrays on the large-object heap, where
    /// they sit as garbage until a full collection and made a scan's peak memory grow faster than its data.
    /// </summary>
    internal sealed class ChunkedList<T> : IReadOnlyList<T>
    {
        private const int FirstChunk = 8;
        private const int GrowingChunks = 5; // 8, 16, 32, 64, 128
        private const int LastChunk = FirstChunk << GrowingChunks; // 256
        private const int GrownCount = LastChunk - FirstChunk; // items in the growing chunks: 248

        private readonly List<T[]> _chunks = new();

        public int Count { get; private set; }

        public void Add(T item)
        {
            var (chunk, offset) = Locate(Count);
            if (chunk == _chunks.Count)
                _chunks.Add(new T[chunk < GrowingChunks ? FirstChunk << chunk : LastChunk]);
            _chunks[chunk][offset] = item;
            Count++;
        }

        public T this[int index]
        {
            get
            {
                if ((uint)index >= (uint)Count)
                    throw new ArgumentOutOfRangeException(nameof(index));
                var (chunk, offset) = Locate(index);
                return _chunks[chunk][offset];
            }
        }

        private static (int Chunk, int Offset) Locate(int index)
        {
            if (index >= GrownCount)
                return (GrowingChunks + (index - GrownCount) / LastChunk, (index - GrownCount) % LastChunk);
            // Chunk k starts at 8 * (2^k - 1).
            var chunk = 0;
            while (FirstChunk * ((2 << chunk) - 1) <= index)
                chunk++;
            return (chunk, index - FirstChunk * ((1 << chunk) - 1));
        }

        public IEnumerator<T> GetEnumerator()
        {
            for (var i = 0; i < Count; i++)
                yield return this[i];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
