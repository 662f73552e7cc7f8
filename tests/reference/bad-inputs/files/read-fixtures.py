#!/usr/bin/env python3
# Makes the binary fixtures of the read-*.toml cases (README.md's table says what each is):
#   python3 read-fixtures.py
# Deterministic (gzip without a time stamp, fixed zip times). The GDELT lines are made up in the
# shape of GDELT 2.0 exports (61 tab-separated columns), so no real data is copied here.
import gzip
import io
import os
import random
import struct
import zipfile
import zlib

here = os.path.dirname(os.path.abspath(__file__))
when = (2020, 1, 1, 0, 0, 0)


def put(name, payload):
    assert len(payload) < 200_000, name
    with open(os.path.join(here, name), 'wb') as f:
        f.write(payload)


def gz(b):
    return gzip.compress(b, compresslevel=9, mtime=0)


def zipped(members):
    out = io.BytesIO()
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
        for name, body in members:
            info = zipfile.ZipInfo(name, when)
            info.compress_type = zipfile.ZIP_STORED if name.endswith('/') else zipfile.ZIP_DEFLATED
            z.writestr(info, body)
    return out.getvalue()


def overlapping(entries, payload, names):
    """A zip whose directory lists `entries` members that all point at one member's data."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = comp.compress(payload) + comp.flush()
    crc = zlib.crc32(payload)
    first = names(0)
    local = struct.pack('<IHHHHHIIIHH', 0x04034b50, 20, 0, 8, 0, 0x21, crc, len(packed),
                        len(payload), len(first), 0) + first + packed
    directory = b''
    for i in range(entries):
        name = names(i)
        directory += struct.pack('<IHHHHHHIIIHHHHHII', 0x02014b50, 20, 20, 0, 8, 0, 0x21, crc,
                                 len(packed), len(payload), len(name), 0, 0, 0, 0, 0, 0) + name
    end = struct.pack('<IHHHHIIH', 0x06054b50, 0, 0, entries, entries, len(directory),
                      len(local), 0)
    return local + directory + end


def two_chars(i):
    alphabet = b'0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'
    return bytes([alphabet[i // 62], alphabet[i % 62]])


# import --file: a long-format CSV of 100 rows, gzipped.
rows = b'iso3,year,v\n' + b''.join(
    b'%s,%d,%d.25\n' % (code, 2000 + k // 10, k * 7919 % 1000)
    for k, code in enumerate([b'FRA', b'DEU', b'USA', b'JPN', b'KOR', b'CHN', b'GBR', b'ITA',
                              b'ESP', b'BRA'] * 10))
whole = gz(rows)
put('read-truncated.csv.gz', whole[:len(whole) * 6 // 10])
crc = bytearray(whole)
crc[-8] ^= 0x40
put('read-bad-crc.csv.gz', bytes(crc))
put('read-garbage-after.csv.gz', whole + b'FRA,2020,1\n')
put('read-two-members.csv.gz', gz(rows[:rows.index(b'\n', 600) + 1]) + gz(rows[rows.index(b'\n', 600) + 1:]))
put('read-bomb.csv.gz', gz(b'iso3,year,v\nFRA,2000,' + b'0' * 20_000_000))
put('read-long-line.csv.gz', gz(b'iso3,year,v\nFRA,2000,"' + b'1' * 1_500_000 + b'"\n'))
put('read-garbage.csv', random.Random(13).randbytes(2048))
put('read-deep-quotes.csv', b'iso3,year,v\nFRA,2000,' + b'"' * 5002 + b'\n')
put('read-latin1.csv', 'country,year,v\nC\xf4te d\'Ivoire,2019,3\nS\xe3o Tom\xe9 and Principe,2019,4\n'.encode('latin-1'))
put('read-big.csv', b'iso3,year,v\n' + b'FRA,2000,1\n' * 4000)
put('read-archive.zip', zipped([('data.csv', rows)]))

# UN votes: a roll-call file with a text that is not UTF-8, and Voeten's raw file.
put('read-un-roll-calls-latin1.csv',
    b'rcid,session,importantvote,date,unres,amend,para,short,descr\n'
    b'3,1,0,1946-01-01,R/1/66,1,0,CAF\xc9,"AMENDMENTS"\n')
voeten = b'rcid,session,vote,ccode,member,importantvote,date,unres,me,nu,di,hr,co,ec,year\n' + b''.join(
    b'%d,1,%d,%s,1,0,12/10/1946,R/1/%d,0,0,0,1,0,0,1946\n' % (call, 1 + call % 3, cow, call)
    for call in range(1, 301) for cow in (b'2', b'20', b'200', b'220', b'365'))
vgz = gz(voeten)
put('read-voeten-truncated.csv.gz', vgz[:len(vgz) // 2])
vcrc = bytearray(vgz)
vcrc[-7] ^= 0x21
put('read-voeten-bad-crc.csv.gz', bytes(vcrc))
put('read-voeten-garbage-after.csv.gz', vgz + b'\x00' * 16)
put('read-voeten-long-line.csv.gz', gz(voeten[:200] + b'x' * 20_000_000))

# GDELT: 40 made-up lines of a 2.0 export.
def gdelt_line(k):
    pairs = [(b'USA', b'US'), (b'FRA', b'FR'), (b'CHN', b'CH'), (b'RUS', b'RS'), (b'BRA', b'BR')]
    actor1, geo = pairs[k % 5]
    actor2 = pairs[(k + 2) % 5][0]
    f = [b''] * 61
    f[0] = b'%d' % (800000000 + k)
    f[1] = b'201901%02d' % (1 + k % 28)
    f[2], f[3], f[4] = f[1][:6], f[1][:4], b'2019.0%02d' % (k % 28)
    f[5], f[7] = actor1 + b'GOV', actor1
    f[15], f[17] = actor2, actor2
    f[25] = b'%d' % (k % 2)
    f[26], f[27], f[28] = b'043', b'043', b'04'
    f[29], f[30] = b'1', b'2.8'
    f[31], f[32], f[33] = b'%d' % (1 + k % 7), b'1', b'%d' % (1 + k % 7)
    f[34] = b'%.4f' % (-5 + (k * 37 % 100) / 10)
    f[51], f[53] = b'1', geo
    f[59] = f[1] + b'220000'
    f[60] = b'https://example.org/news/%d' % k
    return b'\t'.join(f)


lines = [gdelt_line(k) for k in range(40)]
events = b'\n'.join(lines) + b'\n'
egz = gz(events)
put('read-gdelt-truncated.gz', egz[:len(egz) // 2])
ecrc = bytearray(egz)
ecrc[-6] ^= 0x11
put('read-gdelt-bad-crc.gz', bytes(ecrc))
put('read-gdelt-garbage-after.gz', egz + b'trailing text\n')
put('read-gdelt-no-newline.gz', gz(lines[0] + b'\n' + b'a' * 20_000_000))
put('read-gdelt-no-newline.zip', zipped([('e.export.CSV', lines[0] + b'\n' + b'a' * 20_000_000)]))
ezip = zipped([('a.export.CSV', events), ('b.export.CSV', events)])
put('read-gdelt-zip-truncated.zip', ezip[:len(ezip) // 2])
zcrc = bytearray(ezip)
zcrc[14] ^= 0x5A  # the first member's CRC-32, in its local header and in the directory
zcrc[ezip.index(b'PK\x01\x02') + 16] ^= 0x5A
put('read-gdelt-zip-bad-crc.zip', bytes(zcrc))
missing = bytearray(ezip)
second = ezip.index(b'PK\x01\x02', ezip.index(b'PK\x01\x02') + 4)
struct.pack_into('<I', missing, second + 42, len(ezip) + 1000)  # b's data is past the end
put('read-gdelt-zip-missing-member.zip', bytes(missing))
lie = bytearray(ezip)
struct.pack_into('<I', lie, 22, 100)  # a's inflated size, in both headers, made 100 bytes
struct.pack_into('<I', lie, ezip.index(b'PK\x01\x02') + 24, 100)
put('read-gdelt-zip-size-lie.zip', bytes(lie))
put('read-gdelt-zip-empty.zip', b'PK\x05\x06' + b'\x00' * 18)
put('read-gdelt-zip-folder-only.zip', zipped([('events/', b'')]))
put('read-gdelt-zip-folder-and-file.zip', zipped([('events/', b''), ('events/a.export.CSV', events)]))
put('read-gdelt-zip-3000-members.zip', overlapping(3000, lines[0] + b'\n', two_chars))
put('read-gdelt-zip-overlap-bomb.zip', overlapping(3, b'\n' * 20_000_000, two_chars))
fields = lines[0].split(b'\t')
fields[34] = b'1e-400'
put('read-gdelt-tone-underflow.CSV', events + b'\t'.join(fields) + b'\n')
put('read-gdelt-list-long-line.txt',
    b'150383 297a16b493de7cf6ca809a7cc31d0b93 http://data.gdeltproject.org/gdeltv2/'
    b'20191024143000.export.CSV.zip\n' + b'7' * 70_000 + b'\n')
