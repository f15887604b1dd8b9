import FuzzSupport
import StyleTransfer

/// Image packs (HDF5) as training reads them: the layouts recognized, the names, the sizes, and
/// the first images read.
@main
enum FuzzPack {
    static func main() {
        let file = ScratchFile(name: "pack.h5")
        FuzzDriver.run { data in
            file.write(data)
            do {
                let pack = try ImagePack(path: file.path)
                for index in 0..<min(pack.count, 4) {
                    _ = pack.name(at: index)
                    _ = try pack.image(at: index)
                }
            } catch {
                requireClearError(error, naming: file.path)
            }
        }
    }
}
