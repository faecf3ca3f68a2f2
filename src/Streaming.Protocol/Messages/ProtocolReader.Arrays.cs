namespace Streaming.Protocol.Messages;

// Arrays of structures and of primitives.
public ref partial struct ProtocolReader
{
    /// <summary>Reads a non-nullable array of <typeparamref name="T"/>.</summary>
    public List<T> ReadArray<T>(bool flexible, short version, string field, int minElementSize = 1) where T : IProtocolStruct<T>
        => ReadNullableArray<T>(flexible, version, field, minElementSize) ?? throw NullArray(field);

    /// <summary>Reads a nullable array of <typeparamref name="T"/>; null when the count is -1 (0 when compact).</summary>
    public List<T>? ReadNullableArray<T>(bool flexible, short version, string field, int minElementSize = 1) where T : IProtocolStruct<T>
    {
        int count = ReadNullableArrayCount(flexible, field, minElementSize);
        if (count < 0) return null;
        var items = new List<T>(count);
        for (int i = 0; i < count; i++) items.Add(T.Read(ref this, version));
        return items;
    }

    /// <summary>Reads a non-nullable int32 array.</summary>
    public List<int> ReadInt32Array(bool flexible, string field)
        => ReadNullableInt32Array(flexible, field) ?? throw NullArray(field);

    /// <summary>Reads a nullable int32 array.</summary>
    public List<int>? ReadNullableInt32Array(bool flexible, string field)
    {
        int count = ReadNullableArrayCount(flexible, field, 4);
        if (count < 0) return null;
        var items = new List<int>(count);
        for (int i = 0; i < count; i++) items.Add(ReadInt32(field));
        return items;
    }

    /// <summary>Reads a non-nullable int64 array.</summary>
    public List<long> ReadInt64Array(bool flexible, string field)
    {
        int count = ReadArrayCount(flexible, field, 8);
        var items = new List<long>(count);
        for (int i = 0; i < count; i++) items.Add(ReadInt64(field));
        return items;
    }

    /// <summary>Reads a non-nullable array of non-nullable strings.</summary>
    public List<string> ReadStringArray(bool flexible, string field)
        => ReadNullableStringArray(flexible, field) ?? throw NullArray(field);

    /// <summary>Reads a nullable array of non-nullable strings.</summary>
    public List<string>? ReadNullableStringArray(bool flexible, string field)
    {
        int count = ReadNullableArrayCount(flexible, field, flexible ? 1 : 2);
        if (count < 0) return null;
        var items = new List<string>(count);
        for (int i = 0; i < count; i++) items.Add(ReadString(flexible, field));
        return items;
    }

    private readonly ProtocolException NullArray(string field) => new($"malformed {field} at offset {_position}: non-nullable array is null");
}
