// A product picture as the display turns it into a packaging reference: the bytes of the file a
// record's image names, through IdentificationWorker::setReferences (decode, then ORB features).
// The bytes sit in a memory file so that the worker reads them by path, as it does a picture.

#include "fuzz_support.h"

#include <identification_worker.h>
#include <unistd.h>

#include <QHash>

#include <opencv2/core.hpp>

#include <sys/mman.h>

using namespace shelf;

namespace {

int pictureFile = -1;

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    cv::setNumThreads(1); // two fuzzers share two cores
    pictureFile = memfd_create("picture", 0);
    if (pictureFile < 0)
        fuzz::fail("memfd_create", QString());
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (ftruncate(pictureFile, 0) != 0 || pwrite(pictureFile, data, size, 0) != ssize_t(size))
        fuzz::fail("writing the picture", QString());
    static IdentificationWorker worker({});
    worker.setReferences(
        {{QStringLiteral("6901234000115"), QStringLiteral("/proc/self/fd/%1").arg(pictureFile)}});
    return 0;
}
