using System;
using System.Collections.Generic;

namespace EntraGuard.Memory
{
    /// <summary>
    /// One number for each distinct text (ordinal), the text held once in an arena. Sets of texts that overlap, such
    /// as the sign-ins the cases of one investigation count (one actor's findings have overlapping windows), share
    /// one numbering and each holds numbers: a text costs its bytes once, and a few bytes (or a bit) in each set that
    /// has it.
    /// </summary>
    internal sealed class TextNumbering
    {
        private readonly TextArena _texts = new();
        private readonly Dictionary<TextRef, int> _numbers;

        public TextNumbering() => _numbers = new Dictionary<TextRef, int>(_texts);

        /// <summary>Distinct texts numbered.</summary>
        public int Count => _numbers.Count;

        /// <summary>The number of <paramref name="text"/>, given when it is first met.</summary>
        public int NumberOf(string text)
        {
            if (!_texts.Find(_numbers, text, out var added, out var number))
                _numbers.Add(added, number = _numbers.Count);
            return number;
        }
    }

    /// <summary>
    /// A set of texts (ordinal) held as their numbers in a shared <see cref="TextNumbering"/>: a few bytes each, where
    /// a set of strings costs an object per text. For sets that grow with the data read, such as the ids of the
    /// events an investigation counts. A set holding many of the numbers given becomes a bitmap over them, a bit each
    /// instead of about sixteen bytes an item.
    /// </summary>
    internal sealed class DistinctTexts
    {
        // A bitmap costs a bit for every number given; a hash set about 128 bits an item. Small sets stay hash sets
        // however few numbers are given yet, so that many sets of an investigation over many ids never each hold a
        // bit for every id.
        private const int SmallestBitmapItems = 1024;
        private const int HashSetBitsPerItem = 128;

        private readonly TextNumbering _numbering;
        private HashSet<int>? _numbers = new();
        private ulong[]? _bits;

        public DistinctTexts(TextNumbering numbering) => _numbering = numbering;

        public int Count { get; private set; }

        /// <summary>Adds the text; false when it is there already.</summary>
        public bool Add(string text)
        {
            var number = _numbering.NumberOf(text);
            if (_numbers is null ? !SetBit(number) : !_numbers.Add(number))
                return false;
            Count++;
            if (
                _numbers != null
                && Count >= SmallestBitmapItems
                && (long)Count * HashSetBitsPerItem >= _numbering.Count
            )
            {
                foreach (var held in _numbers)
                    SetBit(held);
                _numbers = null;
            }
            return true;
        }

        /// <summary>Sets the number's bit, growing the bitmap to every number given so far, and at least to twice its
        /// size (a set taking each new number as it is given would otherwise copy its bitmap every 64); false when it
        /// was set.</summary>
        private bool SetBit(int number)
        {
            var word = number >> 6;
            if (_bits is null || word >= _bits.Length)
                Array.Resize(
                    ref _bits,
                    Math.Max(Math.Max(word + 1, (_numbering.Count + 63) >> 6), 2 * (_bits?.Length ?? 0))
                );
            var bit = 1UL << (number & 63);
            if ((_bits[word] & bit) != 0)
                return false;
            _bits[word] |= bit;
            return true;
        }
    }
}
