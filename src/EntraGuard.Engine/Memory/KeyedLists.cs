using System.Collections.Generic;

namespace EntraGuard.Memory
{
    /// <summary>
    /// Held items by a text key (a correlation id, a user id), each key's in a <see cref="ChunkedList{T}"/>, the keys
    /// in an arena: a key costs its bytes instead of a string. A rule keyed by correlation id holds a key for every
    /// operation, most of one event, and the key's string was the largest part of what it held.
    /// </summary>
    internal sealed class KeyedLists<T>
    {
        private readonly TextArena _keys = new();
        private readonly Dictionary<TextRef, ChunkedList<T>> _lists;

        public KeyedLists() => _lists = new Dictionary<TextRef, ChunkedList<T>>(_keys);

        /// <summary>Every key's items.</summary>
        public IEnumerable<ChunkedList<T>> Lists => _lists.Values;

        /// <summary>The items held for <paramref name="key"/>, an empty list made on first use.</summary>
        public ChunkedList<T> For(string key)
        {
            if (!_keys.Find(_lists, key, out var added, out var list))
                _lists.Add(added, list = new ChunkedList<T>());
            return list;
        }

        /// <summary>
        /// Adds every item <paramref name="part"/> holds to the same key's list here. Keys and lists change hands
        /// rather than being copied: the part's arena joins this one, a key only the part holds takes its list, and of
        /// two lists the shorter joins the longer, so a parallel scan's merge never holds a second copy of the
        /// evidence (order does not matter: evaluators sort). <paramref name="part"/> is not used afterwards.
        /// </summary>
        public void Merge(KeyedLists<T> part)
        {
            var moved = _keys.Adopt(part._keys);
            foreach (var entry in part._lists)
            {
                var key = entry.Key.Moved(moved);
                if (!_lists.TryGetValue(key, out var list))
                {
                    _lists.Add(key, entry.Value);
                    continue;
                }
                var (longer, shorter) = list.Count >= entry.Value.Count ? (list, entry.Value) : (entry.Value, list);
                foreach (var item in shorter)
                    longer.Add(item);
                _lists[key] = longer;
            }
        }
    }
}
