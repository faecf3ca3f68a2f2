namespace Streaming;

/// <summary>
/// The records one <c>ConsumeBatch</c> call handed out, read in order as <see cref="RawRecord"/> spans without a
/// per-record allocation. Reading a record moves the consumer's position past it. Valid until the consumer is called again.
/// </summary>
public abstract class ConsumedRecords
{
    /// <summary>Reads the next record; false when the batch is exhausted.</summary>
    public abstract bool TryReadNext(out RawRecord record);

    /// <summary>Enumerates the remaining records with <c>foreach</c>.</summary>
    public Enumerator GetEnumerator() => new(this);

    /// <summary>A <c>foreach</c> enumerator over the remaining records.</summary>
    public ref struct Enumerator
    {
        private readonly ConsumedRecords _records;
        private RawRecord _current;

        internal Enumerator(ConsumedRecords records)
        {
            _records = records;
            _current = default;
        }

        public readonly RawRecord Current => _current;

        public bool MoveNext() => _records.TryReadNext(out _current);
    }
}
