// The parts of libxml2 and zlib that GatehouseSAML needs: parsing without network or DTDs, tree walking,
// exclusive canonicalization for XML signatures, and raw DEFLATE for the HTTP-Redirect binding.
#include <libxml/xmlversion.h>
// Debian builds libxml2 with ICU; its <unicode/*.h> clash with Foundation's own ICU module in Swift. The
// ICU part is only a field of the encoding handler, which GatehouseSAML reaches through pointers only.
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/c14n.h>
#include <libxml/xmlerror.h>
#include <zlib.h>
