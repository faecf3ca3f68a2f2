namespace Streaming;

/// <summary>A partition offset, or one of the special positions (<see cref="Beginning"/>, <see cref="End"/>, <see cref="Unset"/>).</summary>
public readonly record struct Offset(long Value) : IComparable<Offset>
{
    /// <summary>The log start offset of a partition.</summary>
    public static readonly Offset Beginning = new(-2);

    /// <summary>The log end offset (the next offset to be written).</summary>
    public static readonly Offset End = new(-1);

    /// <summary>The position committed for the group, then <c>auto.offset.reset</c>.</summary>
    public static readonly Offset Stored = new(-1000);

    /// <summary>No offset: the consumer's <c>auto.offset.reset</c> decides.</summary>
    public static readonly Offset Unset = new(-1001);

    /// <summary>True for a concrete offset (not a special value).</summary>
    public bool IsSpecial => Value < 0;

    public int CompareTo(Offset other) => Value.CompareTo(other.Value);

    public static implicit operator Offset(long value) => new(value);

    public static implicit operator long(Offset offset) => offset.Value;

    public override string ToString() => Value switch
    {
        -2 => "Beginning",
        -1 => "End",
        -1000 => "Stored",
        -1001 => "Unset",
        _ => Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
