using Streaming.Broker.Storage;
using Streaming.Broker.Tests.TestSupport;

namespace Streaming.Broker.Tests.Storage;

public sealed class FileStorageTests
{
    [Fact]
    public void DirectoryOperations_CreateMoveDelete_SucceedWithTheirDirectoryFsyncs()
    {
        using var temp = new TempDirectory();
        var storage = FileStorage.Instance;
        string dir = Path.Combine(temp.Path, "a", "b");
        storage.CreateDirectory(Path.Combine(temp.Path, "a"));
        storage.CreateDirectory(dir);
        string file = Path.Combine(dir, "x.tmp");
        using (var f = storage.Open(file, create: true))
        {
            f.Write(0, "hello"u8);
            f.Flush();
        }
        storage.Move(file, Path.Combine(dir, "x.json"));
        Assert.False(storage.FileExists(file));
        Assert.True(storage.FileExists(Path.Combine(dir, "x.json")));
        storage.DeleteFile(Path.Combine(dir, "x.json"));
        storage.DeleteDirectory(dir);
        Assert.False(storage.DirectoryExists(dir));
    }

    [Fact]
    public void Open_MissingFileWithoutCreate_Throws()
    {
        using var temp = new TempDirectory();
        Assert.Throws<FileNotFoundException>(() => FileStorage.Instance.Open(Path.Combine(temp.Path, "none.log"), create: false));
    }
}
