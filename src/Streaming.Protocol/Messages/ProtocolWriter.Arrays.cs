namespace Streaming.Protocol.Messages;

// Arrays of structures and of primitives, and tagged fields holding structures.
public ref partial struct ProtocolWriter
{
    /// <summary>Writes a non-nullable array of <typeparamref name="T"/>.</summary>
    public void WriteArray<T>(List<T> items, bool flexible, short version, string field) where T : IProtocolStruct<T>
    {
        if (items is null) throw NullField(field);
        WriteNullableArray(items, flexible, version);
    }

    /// <summary>Writes a nullable array of <typeparamref name="T"/>.</summary>
    public void WriteNullableArray<T>(List<T>? items, bool flexible, short version) where T : IProtocolStruct<T>
    {
        if (items is null)
        {
            WriteArrayCount(-1, flexible);
            return;
        }

        WriteArrayCount(items.Count, flexible);
        for (int i = 0; i < items.Count; i++)
        {
            T item = items[i] ?? throw new ProtocolException($"element {i} of a {typeof(T).Name} array is null");
            item.Write(ref this, version);
        }
    }

    /// <summary>Writes a non-nullable int32 array.</summary>
    public void WriteInt32Array(List<int> items, bool flexible, string field)
    {
        if (items is null) throw NullField(field);
        WriteNullableInt32Array(items, flexible);
    }

    /// <summary>Writes a nullable int32 array.</summary>
    public void WriteNullableInt32Array(List<int>? items, bool flexible)
    {
        if (items is null)
        {
            WriteArrayCount(-1, flexible);
            return;
        }

        WriteArrayCount(items.Count, flexible);
        for (int i = 0; i < items.Count; i++) WriteInt32(items[i]);
    }

    /// <summary>Writes a non-nullable int64 array.</summary>
    public void WriteInt64Array(List<long> items, bool flexible, string field)
    {
        if (items is null) throw NullField(field);
        WriteArrayCount(items.Count, flexible);
        for (int i = 0; i < items.Count; i++) WriteInt64(items[i]);
    }

    /// <summary>Writes a non-nullable array of non-nullable strings.</summary>
    public void WriteStringArray(List<string> items, bool flexible, string field)
    {
        if (items is null) throw NullField(field);
        WriteNullableStringArray(items, flexible, field);
    }

    /// <summary>Writes a nullable array of non-nullable strings.</summary>
    public void WriteNullableStringArray(List<string>? items, bool flexible, string field)
    {
        if (items is null)
        {
            WriteArrayCount(-1, flexible);
            return;
        }

        WriteArrayCount(items.Count, flexible);
        for (int i = 0; i < items.Count; i++) WriteString(items[i], flexible, field);
    }

    /// <summary>Writes a tagged field whose value is a structure (always flexible-encoded), its size measured first.</summary>
    public void WriteTaggedStruct<T>(int tag, T value, short version) where T : IProtocolStruct<T>
    {
        ProtocolWriter measuring = CreateMeasuring();
        value.Write(ref measuring, version);
        WriteTaggedFieldHeader(tag, checked((int)measuring.BytesWritten));
        value.Write(ref this, version);
    }

    /// <summary>Writes a tagged field whose value is a compact array of structures, its size measured first.</summary>
    public void WriteTaggedArray<T>(int tag, List<T> items, short version) where T : IProtocolStruct<T>
    {
        ProtocolWriter measuring = CreateMeasuring();
        measuring.WriteNullableArray(items, flexible: true, version);
        WriteTaggedFieldHeader(tag, checked((int)measuring.BytesWritten));
        WriteNullableArray(items, flexible: true, version);
    }
}
