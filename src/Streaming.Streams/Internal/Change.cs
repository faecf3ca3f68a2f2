namespace Streaming.Streams.Internal;

/// <summary>
/// A KTable update as it flows between table processors: the key's new value and, when the downstream asked for it
/// ("send old values"), its previous value. Either may be absent (a deletion has no new value); the flags make absence
/// representable for value types, and a null reference always counts as absent.
/// </summary>
internal readonly record struct Change<TValue>
{
    public Change(TValue newValue, bool hasNew, TValue oldValue, bool hasOld)
    {
        HasNew = hasNew && newValue is not null;
        NewValue = HasNew ? newValue : default!;
        HasOld = hasOld && oldValue is not null;
        OldValue = HasOld ? oldValue : default!;
    }

    public TValue NewValue { get; }

    public bool HasNew { get; }

    public TValue OldValue { get; }

    public bool HasOld { get; }

    /// <summary>True when the key has no new value (it is deleted).</summary>
    public bool IsDeletion => !HasNew;

    /// <summary>The deletion of a key whose old value is not known.</summary>
    public static Change<TValue> Deletion => default;

    /// <summary>A new value (absent when null) without an old one.</summary>
    public static Change<TValue> Of(TValue newValue) => new(newValue, true, default!, false);

    public override string ToString() => $"({(HasNew ? NewValue : "<none>")}<-{(HasOld ? OldValue : "<none>")})";
}
