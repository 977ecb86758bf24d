using System;
using System.Collections;
using System.Collections.Generic;

namespace EntraGuard.Memory
{
    /// <summary>
    /// An append-only list held in chunks that double from one item up to 256 and then stay at 256. Growing it never
    /// copies what it holds nor leaves a discarded array behind, and the unused room is at most one chunk: a List
    /// doubling towards tens of thousands of held items leaves its outgrown arrays on the large-object heap, where
    /// they sit as garbage until a full collection and made a scan's peak memory grow faster than its data.
    /// </summary>
    /// <remarks>
    /// Most lists stay short: a rule keyed by correlation id holds one list a key, and an operation's events are few.
    /// A list of one item is this object alone, the item held in it; the list of further chunks comes with the second.
    /// </remarks>
    internal sealed class ChunkedList<T> : IReadOnlyList<T>
    {
        private const int GrowingChunks = 8; // 1, 2, 4, … 128 items
        private const int LastChunk = 1 << GrowingChunks; // 256
        private const int GrownCount = LastChunk - 1; // items in the growing chunks: 255

        private T _first = default!; // the first chunk, of one item, held in the list itself
        private List<T[]>? _rest; // the chunks after the first

        public int Count { get; private set; }

        public void Add(T item)
        {
            var (chunk, offset) = Locate(Count);
            if (chunk == 0)
            {
                _first = item;
            }
            else
            {
                var rest = _rest ??= new List<T[]>();
                if (chunk > rest.Count)
                    rest.Add(new T[chunk < GrowingChunks ? 1 << chunk : LastChunk]);
                rest[chunk - 1][offset] = item;
            }
            Count++;
        }

        public T this[int index]
        {
            get
            {
                if ((uint)index >= (uint)Count)
                    throw new ArgumentOutOfRangeException(nameof(index));
                var (chunk, offset) = Locate(index);
                return chunk == 0 ? _first : _rest![chunk - 1][offset];
            }
        }

        private static (int Chunk, int Offset) Locate(int index)
        {
            if (index >= GrownCount)
                return (GrowingChunks + (index - GrownCount) / LastChunk, (index - GrownCount) % LastChunk);
            // Chunk k holds 2^k items from index 2^k - 1.
            var chunk = 0;
            while ((2 << chunk) - 1 <= index)
                chunk++;
            return (chunk, index - ((1 << chunk) - 1));
        }

        public IEnumerator<T> GetEnumerator()
        {
            for (var i = 0; i < Count; i++)
                yield return this[i];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
