using System.Collections.Generic;

namespace EntraGuard.Memory
{
    /// <summary>
    /// A set of texts (ordinal) held in an arena: a few bytes and one set entry each, where a set of strings costs an
    /// object per text. For sets that grow with the data read, such as the ids of the events an investigation counts.
    /// </summary>
    internal sealed class DistinctTexts
    {
        private readonly TextArena _texts = new();
        private readonly HashSet<TextRef> _set;

        public DistinctTexts() => _set = new HashSet<TextRef>(_texts);

        public int Count => _set.Count;

        /// <summary>Adds the text; false when it is there already (and nothing is kept).</summary>
        public bool Add(string text)
        {
            var added = _texts.Add(text);
            if (_set.Add(added))
                return true;
            _texts.RemoveLast(added);
            return false;
        }
    }
}
